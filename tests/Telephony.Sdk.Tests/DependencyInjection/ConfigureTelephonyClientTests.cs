using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Tests.DependencyInjection;

/// <summary>ConfigureTelephonyClient: options of the builder's own client, set with the app's services.</summary>
public sealed class ConfigureTelephonyClientTests
{
    private const string MarketingKey = "sk_test_marketing00000000000000001";
    private const string SupportKey = "pk_test_support000000000000000000001";
    private const string VaultKey = "sk_test_vault000000000000000000000001";

    [Fact]
    public async Task ConfigureTelephonyClient_DefaultClient_SetsItsOptionsFromAResolvedService()
    {
        await using var server = await StartServerAsync();
        var services = new ServiceCollection();
        services.AddSingleton(new KeyVault(VaultKey));
        services
            .AddTelephonyClient(o => (o.ApiKey, o.BaseAddress) = (TelephonyFakeServer.SecretTestKey, server.BaseAddress))
            .ConfigureTelephonyClient((o, sp) => o.ApiKey = sp.GetRequiredService<KeyVault>().Key);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var balance = await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(30m, balance.Balance);
        Assert.Equal(["sk_test_…0001"], server.Requests.Select(r => r.RedactedKey));
        Assert.Equal(VaultKey, provider.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>().Get(Options.DefaultName).ApiKey);
    }

    [Fact]
    public void ConfigureTelephonyClient_AfterAddTelephonyClient_RunsAfterItsConfigurationWithTheAppsProvider()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new KeyVault(VaultKey));
        int? seenPermits = null;
        IServiceProvider? seenProvider = null;
        services
            .AddTelephonyClient(o =>
            {
                o.ApiKey = MarketingKey;
                o.RateLimit.PermitsPerMinute = 5;
            })
            .ConfigureTelephonyClient((o, sp) =>
            {
                seenPermits = o.RateLimit.PermitsPerMinute;
                seenProvider = sp;
                o.RateLimit.PermitsPerMinute = 7;
            });
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TelephonyClientOptions>>().Value;

        Assert.Equal(5, seenPermits);
        Assert.Equal(7, options.RateLimit.PermitsPerMinute);
        Assert.Equal(MarketingKey, options.ApiKey);
        Assert.NotNull(seenProvider);
        Assert.Same(provider.GetRequiredService<KeyVault>(), seenProvider.GetRequiredService<KeyVault>());
    }

    [Fact]
    public void ConfigureTelephonyClient_DefaultClientBoundToConfiguration_SeesTheBoundValues()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telephony:ApiKey"] = MarketingKey,
            ["Telephony:RateLimit:QueueLimit"] = "12",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        int? seenQueueLimit = null;
        services.AddTelephonyClient().ConfigureTelephonyClient((o, _) =>
        {
            seenQueueLimit = o.RateLimit.QueueLimit;
            o.RateLimit.QueueLimit = 3;
        });
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TelephonyClientOptions>>().Value;

        Assert.Equal(12, seenQueueLimit);
        Assert.Equal(3, options.RateLimit.QueueLimit);
        Assert.Equal(MarketingKey, options.ApiKey);
    }

    [Fact]
    public async Task ConfigureTelephonyClient_NamedClient_ConfiguresOnlyThatClient()
    {
        await using var server = await StartServerAsync();
        var services = new ServiceCollection();
        services.AddSingleton(new KeyVault(VaultKey));
        var calls = new List<string>();
        services.AddTelephonyClient(o => (o.ApiKey, o.BaseAddress) = (TelephonyFakeServer.SecretTestKey, server.BaseAddress));
        services
            .AddTelephonyClient("marketing", o => (o.ApiKey, o.BaseAddress) = (MarketingKey, server.BaseAddress))
            .ConfigureTelephonyClient((o, sp) =>
            {
                calls.Add(o.ApiKey!);
                o.ApiKey = sp.GetRequiredService<KeyVault>().Key;
            });
        services.AddTelephonyClient("support", o => (o.ApiKey, o.BaseAddress) = (SupportKey, server.BaseAddress));
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var factory = provider.GetRequiredService<ITelephonyClientFactory>();
        var ct = TestContext.Current.CancellationToken;

        var marketing = await factory.CreateClient("marketing").Account.GetBalanceAsync(ct);
        var support = await factory.CreateClient("support").Account.GetBalanceAsync(ct);
        var main = await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(ct);

        Assert.Equal(30m, marketing.Balance);
        Assert.Equal(20m, support.Balance);
        Assert.Equal(TelephonyFakeServer.DefaultBalance, main.Balance);
        var monitor = provider.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>();
        Assert.Equal(VaultKey, monitor.Get("marketing").ApiKey);
        Assert.Equal(SupportKey, monitor.Get("support").ApiKey);
        Assert.Equal(TelephonyFakeServer.SecretTestKey, monitor.Get(Options.DefaultName).ApiKey);
        Assert.Equal([MarketingKey], calls);
    }

    [Fact]
    public void ConfigureTelephonyClient_DefaultClient_LeavesNamedClientsAlone()
    {
        var services = new ServiceCollection();
        var configured = 0;
        services.AddTelephonyClient("marketing", o => o.ApiKey = MarketingKey);
        services
            .AddTelephonyClient(o => o.ApiKey = SupportKey)
            .ConfigureTelephonyClient((o, _) =>
            {
                configured++;
                o.RateLimit.PermitsPerMinute = 3;
            });
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>();

        var marketing = monitor.Get("marketing");
        var main = monitor.Get(Options.DefaultName);

        Assert.Null(marketing.RateLimit.PermitsPerMinute);
        Assert.Equal(3, main.RateLimit.PermitsPerMinute);
        Assert.Equal(1, configured);
    }

    [Fact]
    public void ConfigureTelephonyClient_BuilderFromASecondAddTelephonyClientCall_ConfiguresThatClient()
    {
        var services = new ServiceCollection();
        services.AddTelephonyClient("marketing", o => o.ApiKey = MarketingKey);
        services
            .AddTelephonyClient("marketing", o => o.RateLimit.PermitsPerMinute = 5)
            .ConfigureTelephonyClient((o, _) => o.RateLimit.QueueLimit = 4);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>().Get("marketing");

        Assert.Equal(4, options.RateLimit.QueueLimit);
        Assert.Equal(5, options.RateLimit.PermitsPerMinute);
        Assert.Equal(MarketingKey, options.ApiKey);
    }

    [Theory]
    [InlineData("other")]
    [InlineData("Telephony.Sdk")]
    [InlineData("Telephony.Sdk.billing")]
    public void ConfigureTelephonyClient_BuilderOfAnotherHttpClient_ThrowsSayingToUseAddTelephonyClientsBuilder(string httpClientName)
    {
        var services = new ServiceCollection();
        services.AddTelephonyClient("marketing", o => o.ApiKey = MarketingKey);
        var builder = services.AddHttpClient(httpClientName);

        var e = Assert.Throws<InvalidOperationException>(() => builder.ConfigureTelephonyClient((_, _) => { }));

        Assert.Contains($"'{httpClientName}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("services.AddTelephonyClient(...)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigureTelephonyClient_BuilderOfAnotherHttpClient_RegistersNothingForTheTelephonyClients()
    {
        var services = new ServiceCollection();
        services.AddTelephonyClient(o => o.ApiKey = MarketingKey);
        var builder = services.AddHttpClient("other");
        var before = services.Count;

        Assert.Throws<InvalidOperationException>(() => builder.ConfigureTelephonyClient((o, _) => o.ApiKey = VaultKey));

        Assert.Equal(before, services.Count);
        using var provider = services.BuildServiceProvider();
        Assert.Equal(MarketingKey, provider.GetRequiredService<IOptions<TelephonyClientOptions>>().Value.ApiKey);
    }

    [Fact]
    public void ConfigureTelephonyClient_NullBuilder_ThrowsArgumentNull()
    {
        var e = Assert.Throws<ArgumentNullException>(
            () => TelephonyHttpClientBuilderExtensions.ConfigureTelephonyClient(null!, (_, _) => { }));

        Assert.Equal("builder", e.ParamName);
    }

    [Fact]
    public void ConfigureTelephonyClient_NullConfigure_ThrowsArgumentNull()
    {
        var builder = new ServiceCollection().AddTelephonyClient(o => o.ApiKey = MarketingKey);

        var e = Assert.Throws<ArgumentNullException>(() => builder.ConfigureTelephonyClient(null!));

        Assert.Equal("configure", e.ParamName);
    }

    private static Task<TelephonyFakeServer> StartServerAsync() => TelephonyFakeServer.StartAsync(
        o =>
        {
            o.Keys[MarketingKey] = 10m;
            o.Keys[SupportKey] = 20m;
            o.Keys[VaultKey] = 30m;
        },
        TestContext.Current.CancellationToken);

    private sealed record KeyVault(string Key);
}
