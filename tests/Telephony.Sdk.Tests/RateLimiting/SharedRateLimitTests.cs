using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting;

/// <summary>
/// A limiter from <see cref="TelephonyRateLimitOptions.LimiterFactory"/> that implements <see cref="ITelephonySharedRateLimit"/>
/// paces the key itself, across every process that shares it: the SDK reports the pace it learns from a 429 and does not
/// hold requests for it.
/// </summary>
public sealed class SharedRateLimitTests
{
    [Fact]
    public async Task GetBalance_429WithoutAStatedLimit_ReportsThePace_AndLeavesThePacingToTheSharedLimiter()
    {
        var reported = new ConcurrentQueue<double>();
        await using var host = await ResilienceTestHost.StartAsync(configureServices: services => services
            .AddOptions<TelephonyClientOptions>()
            .Configure<TimeProvider>((options, clock) =>
                options.RateLimit.LimiterFactory = partition => new PacingLimiter(TelephonyRateLimiters.CreateSlidingWindow(partition, clock), reported)));
        host.Server.Faults.RespondWithStatus(429, 1, TimeSpan.FromSeconds(10));
        var ct = TestContext.Current.CancellationToken;
        var pause = TimeSpan.FromSeconds(10);

        var first = host.Client.Account.GetBalanceAsync(ct);
        await host.Clock.WaitForTimerAsync(d => d == pause);
        var second = host.Client.Account.GetBalanceAsync(ct);
        await host.Clock.WaitForTimerAsync(d => d == pause, count: 2);
        Assert.Single(reported);

        // When the pause ends both calls leave at once: the SDK's own pace would have held the second one.
        host.Clock.Advance(pause);
        await Task.WhenAll(first, second).Within();

        Assert.Equal([429, 200, 200], host.Server.Requests.Select(r => r.StatusCode));
        Assert.Equal(host.Server.Requests[1].Timestamp, host.Server.Requests[2].Timestamp);
    }

    /// <summary>Stands in for a limiter that paces the key in a shared store: it records the paces reported and paces nothing here.</summary>
    private sealed class PacingLimiter(RateLimiter inner, ConcurrentQueue<double> reported) : DelegatingRateLimiter(inner), ITelephonySharedRateLimit
    {
        public void ReportLimit(int limit, TimeSpan window)
        {
        }

        public void ReportPace(double requestsPerSecond, DateTimeOffset learnedAt) => reported.Enqueue(requestsPerSecond);

        public bool TryGetPace(out double requestsPerSecond, out DateTimeOffset learnedAt)
        {
            (requestsPerSecond, learnedAt) = (0, default);
            return false;
        }
    }
}
