using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.DependencyInjection;

/// <summary><c>services.AddTelephonyClient(configuration.GetSection("Telephony"))</c>.</summary>
public sealed class ConfigurationBindingTests : IDisposable
{
    private readonly WireMockApi _api = WireMockApi.Start().RespondWithBalance("99.95");

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task AddTelephonyClient_JsonSection_SendsConfiguredKeyToConfiguredAddress()
    {
        var key = FakeKeys.NewSecretKey();
        var json = $$"""{ "Telephony": { "ApiKey": "{{key}}", "BaseAddress": "{{_api.ApiBaseAddress}}" } }""";
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddTelephonyClient(configuration.GetSection("Telephony"));
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var balance = await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(99.95m, balance.Balance);
        var request = _api.SingleRequest();
        Assert.Equal(["Bearer " + key], request.HeaderValues("Authorization"));
        Assert.Equal("/api/account/balance", request.AbsolutePath);
    }

    [Fact]
    public async Task AddTelephonyClient_InMemorySection_SendsConfiguredKeyToConfiguredAddress()
    {
        var key = FakeKeys.NewSecretKey();
        await using var provider = BuildFromSettings(new()
        {
            ["Telephony:ApiKey"] = key,
            ["Telephony:BaseAddress"] = _api.ApiBaseAddress.ToString(),
        });

        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Bearer " + key], _api.SingleRequest().HeaderValues("Authorization"));
    }

    [Fact]
    public void Validate_MisspelledApiKeySetting_FailsAtStartupNamingTheSetting()
    {
        var key = FakeKeys.NewSecretKey();
        using var provider = BuildFromSettings(new()
        {
            ["Telephony:ApiKye"] = key,
            ["Telephony:BaseAddress"] = _api.ApiBaseAddress.ToString(),
        });

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Telephony:ApiKye is not a setting; did you mean Telephony:ApiKey?", exception.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, key, FakeKeys.SecretPart(key)));
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public void Validate_BaseAddressThatIsNotAUri_FailsAtStartup()
    {
        using var provider = BuildFromSettings(new()
        {
            ["Telephony:ApiKey"] = FakeKeys.NewSecretKey(),
            ["Telephony:BaseAddress"] = "api/",
        });

        var exception = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.NotNull(exception);
        Assert.Contains("BaseAddress", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyBoundToBaseAddress_MessageNamesTheSettingWithoutTheKey()
    {
        // Swapped values (Telephony__BaseAddress holding the key) bind as a relative Uri; the message must not echo it.
        var key = FakeKeys.NewSecretKey();
        using var provider = BuildFromSettings(new()
        {
            ["Telephony:ApiKey"] = _api.ApiBaseAddress.ToString(),
            ["Telephony:BaseAddress"] = key,
        });

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("TelephonyClientOptions.BaseAddress 'sk_test_\u2026" + key[^4..] + "' is relative", exception.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, key, FakeKeys.SecretPart(key)));
    }

    private static ServiceProvider BuildFromSettings(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddTelephonyClient(configuration.GetSection("Telephony"));
        return services.BuildServiceProvider();
    }
}
