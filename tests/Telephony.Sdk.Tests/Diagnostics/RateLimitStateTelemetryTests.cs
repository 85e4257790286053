using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.Diagnostics;

/// <summary>What an app sees of a key's rate limit: the state, the gauges and one log line when the learnt pace changes.</summary>
public sealed class RateLimitStateTelemetryTests
{
    [Fact]
    public async Task GetBalance_429WithoutRetryAfterOrHeaders_StateGaugeAndLogShowTheLearntPace()
    {
        await using var host = await ResilienceTestHost.StartAsync(configureServices: services =>
        {
            services.AddMetrics();
            services.AddFakeLogging();
        });
        using var pace = new MetricCollector<double>(host.Services.GetRequiredService<IMeterFactory>(), "Telephony.Sdk", "telephony.client.rate_limit.pace");
        using var remaining = new MetricCollector<double>(host.Services.GetRequiredService<IMeterFactory>(), "Telephony.Sdk", "telephony.client.rate_limit.remaining");
        var before = host.Client.GetRateLimitState();
        host.Server.Faults.RespondWithStatus(429);

        // A cold key's 429 that says nothing: the key backs off a second, then paces at 70 % of 1000 per minute.
        var call = host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1));
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await call.Within();

        var after = host.Client.GetRateLimitState();
        pace.RecordObservableInstruments();
        remaining.RecordObservableInstruments();
        Assert.Equal((1000, TelephonyRateLimitSource.DocumentedDefault, (double?)null), (before.Limit, before.Source, before.RequestsPerSecond));
        Assert.Equal(TelephonyRateLimitSource.LearnedFrom429s, after.Source);
        Assert.InRange(after.RequestsPerSecond ?? 0, 0.7 * 1000 / 60 * 0.999, 0.7 * 1000 / 60 * 1.01);
        var measured = Assert.Single(pace.GetMeasurementSnapshot());
        Assert.Equal(after.RequestsPerSecond!.Value, measured.Value, 1e-6);
        Assert.Equal("secret", measured.Tags["telephony.key.kind"]);
        Assert.DoesNotContain(measured.Tags.Values, v => v?.ToString()?.Contains(TelephonyFakeServer.SecretTestKey, StringComparison.Ordinal) == true);
        Assert.Empty(remaining.GetMeasurementSnapshot());
        var logged = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 2006);
        Assert.Equal(LogLevel.Information, logged.Level);
        Assert.Contains("client (default)", logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TelephonyFakeServer.SecretTestKey, logged.Message, StringComparison.Ordinal);
    }
}
