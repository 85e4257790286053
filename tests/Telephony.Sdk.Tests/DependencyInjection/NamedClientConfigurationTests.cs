using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.DependencyInjection;

/// <summary>Messages about a client speak about that client: its name, its own section, its own key.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class NamedClientConfigurationTests
{
    private const string MarketingKey = "sk_test_marketing_00000000000001";

    [Fact]
    public void Validate_NamedClientWithoutKey_NamesTheClientAndItsSectionNotTheEnvironmentVariable()
    {
        using var environment = new EnvironmentVariableScope(TelephonyClientOptions.ApiKeyEnvironmentVariable);
        environment.Set(FakeKeys.NewSecretKey());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telephony:Marketing:BaseAddress"] = "https://www.telephony.io/api/",
        }).Build();
        var services = new ServiceCollection();
        services.AddTelephonyClient("marketing", configuration.GetSection("Telephony:Marketing"));
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(e.Failures);
        Assert.Contains("'marketing'", failure, StringComparison.Ordinal);
        Assert.Contains("Telephony:Marketing:ApiKey", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(TelephonyClientOptions.ApiKeyEnvironmentVariable, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("the Telephony configuration section", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamedClientConfiguredInCodeWithoutKey_SaysToSetItInItsOwnRegistration()
    {
        var services = new ServiceCollection();
        services.AddTelephonyClient("support", options => options.BaseAddress = new Uri("https://www.telephony.io/api/"));
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(e.Failures);
        Assert.Contains("AddTelephonyClient(\"support\"", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(TelephonyClientOptions.ApiKeyEnvironmentVariable, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBalanceAsync_NamedClientKeyRejected_AdviceNamesTheClientsOwnSettingAndRedactedKey()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telephony:Marketing:ApiKey"] = MarketingKey,
            ["Telephony:Marketing:BaseAddress"] = server.BaseAddress.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddTelephonyClient("marketing", configuration.GetSection("Telephony:Marketing"));
        await using var provider = services.BuildServiceProvider();

        var e = await Assert.ThrowsAsync<TelephonyAuthenticationException>(
            () => provider.GetRequiredKeyedService<TelephonyClient>("marketing").Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Contains("'marketing'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Telephony:Marketing:ApiKey", e.Message, StringComparison.Ordinal);
        Assert.Contains("sk_test_…0001", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TelephonyClientOptions.ApiKeyEnvironmentVariable, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(MarketingKey, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBalanceAsync_DefaultClientKeyRejected_AdviceNamesTelephonySectionAndEnvironmentVariable()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telephony:ApiKey"] = MarketingKey,
            ["Telephony:BaseAddress"] = server.BaseAddress.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddTelephonyClient(configuration.GetSection("Telephony"));
        await using var provider = services.BuildServiceProvider();

        var e = await Assert.ThrowsAsync<TelephonyAuthenticationException>(
            () => provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Telephony:ApiKey", e.Message, StringComparison.Ordinal);
        Assert.Contains(TelephonyClientOptions.ApiKeyEnvironmentVariable, e.Message, StringComparison.Ordinal);
    }
}
