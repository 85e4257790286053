using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.Resilience.Pipeline;

/// <summary>The SDK's client runs its own resilience pipeline and no other, whatever the app adds to every HttpClient.</summary>
public sealed class SinglePipelineTests
{
    [Fact]
    public async Task GetBalance_AspireStyleStandardResilienceDefaults_MakesOnlyTheSdksFourAttempts()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Faults.RespondWithStatus(503, times: 100);
        var services = new ServiceCollection();
        services.AddFakeLogging();

        // What every .NET Aspire app's service defaults do.
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.AddTelephonyClient(o => Configure(o, server));
        await using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<TelephonyServerException>(
            () => provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        // 1 + MaxRetryAttempts (3): the standard handler's own retries would make it 16.
        Assert.Equal(4, server.Requests.Count);
        var removed = Assert.Single(provider.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 2008);
        Assert.Equal(LogLevel.Information, removed.Level);
        Assert.Contains("client (default)", removed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBalance_StandardHandlerChainedOnTheSdksBuilder_IsRemovedToo()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Faults.RespondWithStatus(503, times: 100);
        var services = new ServiceCollection();
        services.AddTelephonyClient("billing", o => Configure(o, server)).AddStandardResilienceHandler();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ITelephonyClientFactory>().CreateClient("billing");

        await Assert.ThrowsAsync<TelephonyServerException>(() => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task GetBalance_AtInformationLevel_WritesNoPollyLinesAndOneSdkLinePerRetry()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Faults.RespondWithStatus(503, times: 2);
        var services = new ServiceCollection();
        services.AddFakeLogging(o => o.FilteredLevels.UnionWith([LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Critical]));
        services.AddTelephonyClient(o => Configure(o, server));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        var records = provider.GetFakeLogCollector().GetSnapshot();
        Assert.DoesNotContain(records, r => r.Category?.StartsWith("Polly", StringComparison.Ordinal) == true);
        var retries = records.Where(r => r.Id.Id == 2001).ToList();
        Assert.Equal(2, retries.Count);
        Assert.All(retries, r => Assert.Contains("client (default)", r.Message, StringComparison.Ordinal));
    }

    private static void Configure(TelephonyClientOptions options, TelephonyFakeServer server)
    {
        options.ApiKey = TelephonyFakeServer.SecretTestKey;
        options.BaseAddress = server.BaseAddress;
        options.Resilience.BaseDelay = TimeSpan.Zero;
    }
}
