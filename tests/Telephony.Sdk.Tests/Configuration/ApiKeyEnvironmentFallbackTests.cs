using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Configuration;

/// <summary>
/// With no key configured the client falls back to TELEPHONY_API_KEY; a configured key wins. These tests set and
/// clear the process-wide variable, so they run alone and put the original value back.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ApiKeyEnvironmentFallbackTests : IDisposable
{
    private readonly EnvironmentVariableScope _variable = new(TelephonyClientOptions.ApiKeyEnvironmentVariable);
    private readonly WireMockApi _api = WireMockApi.Start().RespondWithBalance();

    public void Dispose()
    {
        _api.Dispose();
        _variable.Dispose();
    }

    [Fact]
    public async Task GetBalanceAsync_NoKeyConfiguredAndVariableSet_ContainerClientSendsVariableKey()
    {
        var environmentKey = FakeKeys.NewSecretKey();
        _variable.Set(environmentKey);
        await using var provider = TelephonyServices.Build(apiKey: null, _api.ApiBaseAddress);
        provider.GetRequiredService<IStartupValidator>().Validate();

        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Bearer " + environmentKey], _api.SingleRequest().HeaderValues("Authorization"));
    }

    [Fact]
    public async Task GetBalanceAsync_KeyConfiguredAndVariableSet_ContainerClientSendsConfiguredKey()
    {
        var configuredKey = FakeKeys.NewSecretKey();
        _variable.Set(FakeKeys.NewSecretKey());
        await using var provider = TelephonyServices.Build(configuredKey, _api.ApiBaseAddress);

        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Bearer " + configuredKey], _api.SingleRequest().HeaderValues("Authorization"));
    }

    [Fact]
    public async Task NamedClient_NoKeyConfiguredAndVariableSet_DoesNotFallBackToTheVariable()
    {
        _variable.Set(FakeKeys.NewSecretKey());
        var services = new ServiceCollection();
        services.AddTelephonyClient("marketing", o => o.BaseAddress = _api.ApiBaseAddress);
        await using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("TelephonyClientOptions.ApiKey is not set", e.Message, StringComparison.Ordinal);
        Assert.Equal("marketing", e.OptionsName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task GetBalanceAsync_NoKeyInOptionsAndVariableSet_ConstructedClientSendsVariableKey(string? apiKey)
    {
        var environmentKey = FakeKeys.NewSecretKey();
        _variable.Set(environmentKey);
        using var client = new TelephonyClient(new TelephonyClientOptions { ApiKey = apiKey, BaseAddress = _api.ApiBaseAddress });

        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Bearer " + environmentKey], _api.SingleRequest().HeaderValues("Authorization"));
    }

    [Fact]
    public async Task GetBalanceAsync_KeyInOptionsAndVariableSet_ConstructedClientSendsOptionsKey()
    {
        var configuredKey = FakeKeys.NewSecretKey();
        _variable.Set(FakeKeys.NewSecretKey());
        using var client = new TelephonyClient(new TelephonyClientOptions { ApiKey = configuredKey, BaseAddress = _api.ApiBaseAddress });

        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Bearer " + configuredKey], _api.SingleRequest().HeaderValues("Authorization"));
    }

    [Fact]
    public void Validate_NoKeyConfiguredAndVariableUnset_ThrowsOptionsValidationExceptionNamingApiKeyAndVariable()
    {
        _variable.Set(null);
        var services = new ServiceCollection();
        services.AddTelephonyClient(options => options.BaseAddress = new Uri("https://www.telephony.io/api/"));
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("TelephonyClientOptions.ApiKey is not set", exception.Message, StringComparison.Ordinal);
        Assert.Contains("TELEPHONY_API_KEY", exception.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(TelephonyClientOptions), exception.OptionsType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Constructor_NoKeyAndVariableUnset_ThrowsArgumentExceptionNamingApiKey(string? apiKey)
    {
        _variable.Set(null);

        var exception = Assert.Throws<ArgumentException>(() => new TelephonyClient(new TelephonyClientOptions { ApiKey = apiKey }));

        Assert.Contains("TelephonyClientOptions.ApiKey is not set", exception.Message, StringComparison.Ordinal);
        Assert.Contains("TELEPHONY_API_KEY", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EmptyKeyStringAndVariableUnset_ThrowsArgumentExceptionNamingApiKey()
    {
        _variable.Set(null);

        var exception = Assert.Throws<ArgumentException>(() => new TelephonyClient(string.Empty));

        Assert.Contains("TelephonyClientOptions.ApiKey", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_VariableKeyWithTrailingNewline_MessageNamesTheVariable()
    {
        // A key written to a secret file with a final newline (kubectl create secret --from-file, a mounted file).
        var environmentKey = FakeKeys.NewSecretKey();
        _variable.Set(environmentKey + "\n");
        var services = new ServiceCollection();
        services.AddTelephonyClient(options => options.BaseAddress = _api.ApiBaseAddress);
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(exception.Failures);
        Assert.Contains("TELEPHONY_API_KEY", failure, StringComparison.Ordinal);
        Assert.Contains("line break", failure, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, environmentKey, FakeKeys.SecretPart(environmentKey)));
        Assert.Empty(_api.Requests);
    }
}
