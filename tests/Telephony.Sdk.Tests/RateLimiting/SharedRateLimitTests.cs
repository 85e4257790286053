using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Testing;
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

    [Theory]
    [InlineData(true, 11)]
    [InlineData(false, 16)]
    public async Task GetBalance_QuotaReadSpent_SharingTheStatedLimit_ProbesAWindowOverTheLimitAfterTheReport_AloneWaitsForTheReset(bool shared, int sentAtSecond)
    {
        // A sliding window of 2 requests per 10 s, stating what remains: r=0 at 6 s, with the reset at 16 s, when the
        // youngest request leaves. The oldest leaves at 10 s.
        await using var host = await ResilienceTestHost.StartAsync(
            configureServer: o =>
            {
                o.KeyRateLimits[TelephonyFakeServer.SecretTestKey] = 2;
                o.RateLimitWindow = TimeSpan.FromSeconds(10);
                o.RateLimitAlgorithm = FakeRateLimitAlgorithm.SlidingWindow;
                o.RateLimitHeaders = FakeRateLimitHeaders.Ietf;
            },
            configureServices: services =>
            {
                if (shared)
                {
                    services.AddOptions<TelephonyClientOptions>().Configure<TimeProvider>((options, clock) =>
                        options.RateLimit.LimiterFactory = partition => new PacingLimiter(TelephonyRateLimiters.CreateSlidingWindow(partition, clock), new()));
                }
            });
        var ct = TestContext.Current.CancellationToken;
        var start = host.Clock.GetUtcNow();
        await host.Client.Account.GetBalanceAsync(ct).Within();
        host.Clock.Advance(TimeSpan.FromSeconds(6));
        await host.Client.Account.GetBalanceAsync(ct).Within();
        Assert.Equal(0, host.Client.GetRateLimitState().Remaining);

        // Alone, the client's count is the key's, and it waits for the stated reset. An instance whose limiter keeps the
        // whole fleet within the stated limit read a count the others spent too: it asks again a window ÷ limit (5 s) after
        // the report, and the shared limiter says whether the fleet may send.
        var third = host.Client.Account.GetBalanceAsync(ct);
        for (var held = 1; !third.IsCompleted && held <= 12; held++)
        {
            await Task.WhenAny(third, host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1), held)).Within();
            if (!third.IsCompleted)
            {
                host.Clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        await third.Within();
        Assert.Equal([200, 200, 200], host.Server.Requests.Select(r => r.StatusCode));
        Assert.Equal(start + TimeSpan.FromSeconds(sentAtSecond), host.Server.Requests[2].Timestamp);
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
