using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>What a client made with <c>new TelephonyClient(…)</c> (no container) puts on the wire.</summary>
public sealed class AuthenticationHeadersConstructorTests : IDisposable
{
    private readonly WireMockApi _api = WireMockApi.Start().RespondWithBalance();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task GetBalanceAsync_ClientFromOptions_SendsBearerKeyAcceptAndUserAgent()
    {
        var key = FakeKeys.NewSecretKey();
        using var client = new TelephonyClient(new TelephonyClientOptions { ApiKey = key, BaseAddress = _api.ApiBaseAddress });

        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        var request = _api.SingleRequest();
        Assert.Equal(["Bearer " + key], request.HeaderValues("Authorization"));
        Assert.Equal(["application/json"], request.HeaderValues("Accept"));
        Assert.StartsWith("Telephony.Sdk/", Assert.Single(request.HeaderValues("User-Agent")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/")]
    [InlineData("/api")]
    public async Task GetBalanceAsync_ClientFromOptionsWithOrWithoutTrailingSlash_GetsAccountBalancePath(string apiPath)
    {
        using var client = new TelephonyClient(new TelephonyClientOptions
        {
            ApiKey = FakeKeys.NewSecretKey(),
            BaseAddress = new Uri(_api.Root, apiPath),
        });

        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal("/api/account/balance", _api.SingleRequest().AbsolutePath);
    }

    [Fact]
    public async Task GetBalanceAsync_OptionsChangedAfterConstruction_StillSendsKeyGivenAtConstruction()
    {
        var key = FakeKeys.NewSecretKey();
        var options = new TelephonyClientOptions { ApiKey = key, BaseAddress = _api.ApiBaseAddress };
        using var client = new TelephonyClient(options);

        options.ApiKey = FakeKeys.NewSecretKey();
        options.BaseAddress = ClosedPort.ApiBaseAddress();
        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Bearer " + key], _api.SingleRequest().HeaderValues("Authorization"));
    }

    [Fact]
    public void Constructor_ApiKeyOnly_UsesDocumentedDefaultAddressWithoutSendingAnything()
    {
        // The key-only constructor targets https://www.telephony.io/api/, which a test must not call; what is
        // observable without the network is that a valid key is accepted and the default address is documented.
        using var client = new TelephonyClient(FakeKeys.NewSecretKey());

        Assert.NotNull(client.Account);
        Assert.Equal(new Uri("https://www.telephony.io/api/"), TelephonyClientOptions.DefaultBaseAddress);
        Assert.Equal(new Uri("https://www.telephony.io/api/"), new TelephonyClientOptions().BaseAddress);
    }
}
