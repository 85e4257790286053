using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>What the client resolved from <c>services.AddTelephonyClient(…)</c> puts on the wire.</summary>
public sealed class AuthenticationHeadersDependencyInjectionTests : IDisposable
{
    private readonly WireMockApi _api = WireMockApi.Start().RespondWithBalance();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task GetBalanceAsync_ClientFromContainer_SendsConfiguredKeyAsBearerToken()
    {
        var key = FakeKeys.NewSecretKey();
        await using var provider = TelephonyServices.Build(key, _api.ApiBaseAddress);

        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Bearer " + key], _api.SingleRequest().HeaderValues("Authorization"));
    }

    [Fact]
    public async Task GetBalanceAsync_ClientFromContainer_SendsAcceptJsonAndSdkUserAgent()
    {
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), _api.ApiBaseAddress);

        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        var request = _api.SingleRequest();
        Assert.Equal(["application/json"], request.HeaderValues("Accept"));
        var userAgent = Assert.Single(request.HeaderValues("User-Agent"));
        Assert.StartsWith("Telephony.Sdk/", userAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBalanceAsync_ClientFromContainer_UserAgentCarriesSdkVersion()
    {
        // docs/key-concepts.md: "User-Agent: Telephony.Sdk/<version> (.NET <runtime>; <OS>)"; the version is the package's,
        // without the "+commit" build metadata. RFC 9110 §10.1.5: a product version after "/" is not empty.
        var informational = typeof(TelephonyClient).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var version = informational.Split('+')[0];
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), _api.ApiBaseAddress);

        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        var userAgent = Assert.Single(_api.SingleRequest().HeaderValues("User-Agent"));
        Assert.StartsWith($"Telephony.Sdk/{version} (.NET {Environment.Version}; ", userAgent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/")]
    [InlineData("/api")]
    public async Task GetBalanceAsync_BaseAddressWithOrWithoutTrailingSlash_GetsAccountBalancePath(string apiPath)
    {
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), new Uri(_api.Root, apiPath));

        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        var request = _api.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/account/balance", request.AbsolutePath);
    }

    [Fact]
    public async Task GetBalanceAsync_CalledTwice_SendsKeyOnEveryRequest()
    {
        var key = FakeKeys.NewSecretKey();
        await using var provider = TelephonyServices.Build(key, _api.ApiBaseAddress);
        var client = provider.GetRequiredService<TelephonyClient>();

        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, _api.Requests.Count);
        Assert.All(_api.Requests, request => Assert.Equal(["Bearer " + key], request.HeaderValues("Authorization")));
    }
}
