using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Configuration;

/// <summary>A setting the SDK does not know fails startup with its full path and the nearest valid name.</summary>
public sealed class UnknownSettingTests
{
    [Theory]
    [InlineData("Telephony:ApiKye", "sk_test_0000", "Telephony:ApiKye", "Telephony:ApiKey")]
    [InlineData("Telephony:BaseAdress", "https://www.telephony.io/api/", "Telephony:BaseAdress", "Telephony:BaseAddress")]
    [InlineData("Telephony:Resilience:MaxRetries", "5", "Telephony:Resilience:MaxRetries", "Telephony:Resilience:MaxRetryAttempts")]
    [InlineData("Telephony:Resilience:TotalTimout", "00:00:10", "Telephony:Resilience:TotalTimout", "Telephony:Resilience:TotalTimeout")]
    [InlineData("Telephony:RateLimit:PermitsPerMinut", "2000", "Telephony:RateLimit:PermitsPerMinut", "Telephony:RateLimit:PermitsPerMinute")]
    [InlineData("Telephony:Resilence:MaxRetryAttempts", "5", "Telephony:Resilence", "Telephony:Resilience")]
    public void Validate_MisspelledSetting_ThrowsOptionsValidationExceptionWithPathAndNearestName(string path, string value, string unknown, string nearest)
    {
        using var provider = Build(new() { ["Telephony:ApiKey"] = FakeKeys.NewSecretKey(), [path] = value });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.StartsWith($"{unknown} is not a setting; did you mean {nearest}?", Assert.Single(e.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MisspelledApiKey_NeverShowsTheKey()
    {
        var key = FakeKeys.NewSecretKey();
        using var provider = Build(new() { ["Telephony:ApiKye"] = key });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        SecretScanner.AssertNone(SecretScanner.FindInException(e, FakeKeys.Secrets(key)));
    }

    [Fact]
    public void Validate_UnknownSetting_ListsTheValidNamesOfItsSection()
    {
        using var provider = Build(new() { ["Telephony:ApiKey"] = FakeKeys.NewSecretKey(), ["Telephony:Resilience:Retries"] = "2" });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("MaxRetryAttempts, BaseDelay, MaxRetryDelay, AttemptTimeout, TotalTimeout", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MisspelledSettingOfNamedClient_NamesTheNamedClientsPath()
    {
        var configuration = Configuration(new() { ["Telephony:Marketing:ApiKey"] = FakeKeys.NewSecretKey(), ["Telephony:Marketing:BaseAdress"] = "https://example.com/api/" });
        var services = new ServiceCollection();
        services.AddTelephonyClient("marketing", configuration.GetSection("Telephony:Marketing"));
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Telephony:Marketing:BaseAdress is not a setting; did you mean Telephony:Marketing:BaseAddress?", e.Message, StringComparison.Ordinal);
        Assert.Contains("'marketing'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryDocumentedSetting_IsAccepted()
    {
        using var provider = Build(new()
        {
            ["Telephony:ApiKey"] = FakeKeys.NewSecretKey(),
            ["Telephony:SecondaryApiKey"] = FakeKeys.NewSecretKey(),
            ["Telephony:BaseAddress"] = "https://www.telephony.io/api/",
            ["Telephony:Mode"] = "Server",
            ["Telephony:FailOnKeyEnvironmentMismatch"] = "false",
            ["Telephony:Resilience:MaxRetryAttempts"] = "2",
            ["Telephony:Resilience:BaseDelay"] = "00:00:01",
            ["Telephony:Resilience:MaxRetryDelay"] = "00:00:30",
            ["Telephony:Resilience:AttemptTimeout"] = "00:00:10",
            ["Telephony:Resilience:TotalTimeout"] = "00:01:00",
            ["Telephony:RateLimit:Enabled"] = "true",
            ["Telephony:RateLimit:PermitsPerMinute"] = "2000",
            ["Telephony:RateLimit:QueueLimit"] = "10",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(2000, provider.GetRequiredService<IOptions<TelephonyClientOptions>>().Value.RateLimit.PermitsPerMinute);
    }

    [Fact]
    public void Validate_SectionOfAClientThatIsNotRegistered_FailsSayingHowToRegisterIt()
    {
        using var provider = Build(new() { ["Telephony:ApiKey"] = FakeKeys.NewSecretKey(), ["Telephony:Billing:ApiKey"] = FakeKeys.NewSecretKey() });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Telephony:Billing is not a setting", e.Message, StringComparison.Ordinal);
        Assert.Contains("AddTelephonyClient(name, configuration.GetSection(\"Telephony:Billing\"))", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamedClientsGroupedDeeperInTelephony_AreLeftToThem()
    {
        var configuration = Configuration(new()
        {
            ["Telephony:ApiKey"] = FakeKeys.NewSecretKey(),
            ["Telephony:Accounts:Marketing:ApiKey"] = FakeKeys.NewSecretKey(),
        });
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddTelephonyClient();
        services.AddTelephonyClient("marketing", configuration.GetSection("Telephony:Accounts:Marketing"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.NotNull(provider.GetRequiredKeyedService<TelephonyClient>("marketing"));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(Configuration(settings));
        services.AddTelephonyClient();
        return services.BuildServiceProvider();
    }

    private static IConfigurationRoot Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
