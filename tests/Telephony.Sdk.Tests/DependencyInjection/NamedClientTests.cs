using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Tests.DependencyInjection;

/// <summary>Several accounts in one container: named clients through the factory and as keyed services.</summary>
public sealed class NamedClientTests
{
    private const string MarketingKey = "sk_test_marketing00000000000000001";
    private const string SupportKey = "pk_test_support000000000000000000001";

    [Fact]
    public async Task NamedClients_InOneContainer_EachSendsItsOwnKey()
    {
        await using var server = await StartServerAsync();
        var services = new ServiceCollection();
        services.AddTelephonyClient("marketing", o => (o.ApiKey, o.BaseAddress) = (MarketingKey, server.BaseAddress));
        services.AddTelephonyClient("support", o => (o.ApiKey, o.BaseAddress) = (SupportKey, server.BaseAddress));
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var factory = provider.GetRequiredService<ITelephonyClientFactory>();

        var marketing = await factory.CreateClient("marketing").Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        var support = await provider.GetRequiredKeyedService<TelephonyClient>("support").Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(10m, marketing.Balance);
        Assert.Equal(20m, support.Balance);
        Assert.Equal(["sk_test_…0001", "pk_test_…0001"], server.Requests.Select(r => r.RedactedKey));
        Assert.Same(factory.CreateClient("marketing"), provider.GetRequiredKeyedService<TelephonyClient>("marketing"));
    }

    [Fact]
    public async Task NamedAndDefaultClients_FromConfigurationSections_StayApart()
    {
        await using var server = await StartServerAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telephony:ApiKey"] = TelephonyFakeServer.SecretTestKey,
            ["Telephony:BaseAddress"] = server.BaseAddress.ToString(),
            ["Marketing:ApiKey"] = MarketingKey,
            ["Marketing:BaseAddress"] = server.BaseAddress.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddTelephonyClient();
        services.AddTelephonyClient("marketing", configuration.GetSection("Marketing"));
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var main = await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        var marketing = await provider.GetRequiredService<ITelephonyClientFactory>().CreateClient("marketing").Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(TelephonyFakeServer.DefaultBalance, main.Balance);
        Assert.Equal(10m, marketing.Balance);
        Assert.Equal(["sk_test_…0001", "sk_test_…0001"], server.Requests.Select(r => r.RedactedKey));
        Assert.Equal(2, server.Requests.Count(r => r.StatusCode == 200));
    }

    [Fact]
    public async Task ReadmeLayout_NamedClientInSubsectionOfTelephony_StartsAndEachClientSendsItsOwnKey()
    {
        await using var server = await StartServerAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telephony:ApiKey"] = TelephonyFakeServer.SecretTestKey,
            ["Telephony:BaseAddress"] = server.BaseAddress.ToString(),
            ["Telephony:Marketing:ApiKey"] = MarketingKey,
            ["Telephony:Marketing:BaseAddress"] = server.BaseAddress.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddTelephonyClient();
        services.AddTelephonyClient("marketing", configuration.GetSection("Telephony:Marketing"));
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var main = await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        var marketing = await provider.GetRequiredKeyedService<TelephonyClient>("marketing").Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(TelephonyFakeServer.DefaultBalance, main.Balance);
        Assert.Equal(10m, marketing.Balance);
    }

    [Fact]
    public void AddTelephonyClient_MisspelledSettingInTelephonySection_FailsStartupNamingIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telephony:ApiKye"] = "sk_test_misspelled00000000000000001",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddTelephonyClient();
        using var provider = services.BuildServiceProvider();

        var e = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ApiKye", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test_misspelled", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateClient_UnknownName_ThrowsSayingHowToRegisterIt()
    {
        var services = new ServiceCollection();
        services.AddTelephonyClient("marketing", o => o.ApiKey = MarketingKey);
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ITelephonyClientFactory>().CreateClient("billing"));

        Assert.Contains("AddTelephonyClient(\"billing\"", e.Message, StringComparison.Ordinal);
    }

    private static Task<TelephonyFakeServer> StartServerAsync() => TelephonyFakeServer.StartAsync(
        o =>
        {
            o.Keys[MarketingKey] = 10m;
            o.Keys[SupportKey] = 20m;
        },
        TestContext.Current.CancellationToken);
}
