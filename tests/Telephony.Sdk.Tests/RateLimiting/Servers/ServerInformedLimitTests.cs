using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting.Servers;

/// <summary>Against servers that state the key's limit in their headers, the SDK follows them, above the documented default too.</summary>
public sealed class ServerInformedLimitTests
{
    [Theory]
    [InlineData(FakeRateLimitHeaders.XRateLimit)]
    [InlineData(FakeRateLimitHeaders.Ietf)]
    public async Task GetBalance_RaisedLimitStatedInHeaders_UsedWithNoConfigurationAndNo429(FakeRateLimitHeaders dialect)
    {
        const int RaisedLimit = 1500;
        await using var host = await ResilienceTestHost.StartAsync(configureServer: o =>
        {
            o.KeyRateLimits[TelephonyFakeServer.SecretTestKey] = RaisedLimit;
            o.RateLimitHeaders = dialect;
        });

        // 1,400 calls from 32 callers with the clock standing still: the documented 1,000 per minute would hold 400 of
        // them. (Not all 1,500: the SDK does not count on requests still in flight, so the last few wait for the reset.)
        await CallersAsync(host.Client, RaisedLimit - 100, callers: 32).Within();

        // More than the fake's request log keeps (the last 1,000): its counts cover them all.
        Assert.Equal(RaisedLimit - 100, host.Server.RequestCounts.Total);
        Assert.Equal(new Dictionary<int, long> { [200] = RaisedLimit - 100 }, host.Server.RequestCounts.ByStatus);
        var state = host.Client.GetRateLimitState();
        Assert.Equal(TelephonyRateLimitSource.ServerHeaders, state.Source);
        Assert.Equal(RaisedLimit, state.Limit);
        Assert.InRange(state.Remaining ?? -1, 100 - 32, 100);
        Assert.Equal(host.Clock.GetUtcNow().AddMinutes(1), state.ResetsAt);
    }

    [Theory]
    [InlineData(FakeRateLimitHeaders.XRateLimit)]
    [InlineData(FakeRateLimitHeaders.Ietf)]
    public async Task GetBalance_QuotaSpentPerHeaders_WaitsForTheResetWithout429s(FakeRateLimitHeaders dialect)
    {
        await using var host = await ResilienceTestHost.StartAsync(configureServer: o =>
        {
            o.KeyRateLimits[TelephonyFakeServer.SecretTestKey] = 40;
            o.RateLimitHeaders = dialect;
            o.RetryAfter = false;
        });
        await CallersAsync(host.Client, 40, callers: 1).Within();

        var waiting = Enumerable.Range(0, 10).Select(_ => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken)).ToList();
        await host.Clock.SettledAsync(waiting, longestWait: TimeSpan.FromSeconds(1));

        // Held until the reset a minute after the window opened, looking again every second; not one 429.
        Assert.Equal(40, host.Server.Requests.Count);
        await host.Clock.StepUntilAnsweredAsync(waiting, step: TimeSpan.FromSeconds(1), longestWait: TimeSpan.FromSeconds(1), maxSteps: 70);
        Assert.Equal(50, host.Server.Requests.Count);
        Assert.All(host.Server.Requests.Skip(40), r => Assert.True(r.Timestamp >= host.Clock.Start.AddMinutes(1), $"{r.Timestamp} before the reset"));
        Assert.DoesNotContain(host.Server.Requests, r => r.StatusCode == 429);
    }

    [Fact]
    public async Task GetBalance_RaisedLimitStatedOnlyInThePolicy_UsedEachMinuteWithout429s()
    {
        const int RaisedLimit = 1500;
        await using var host = await ResilienceTestHost.StartAsync(configureServer: o =>
        {
            o.KeyRateLimits[TelephonyFakeServer.SecretTestKey] = RaisedLimit;
            o.RateLimitHeaders = FakeRateLimitHeaders.PolicyOnly;

            // Every request is kept: the test reads each one's time.
            o.RequestLogLimit = 4 * RaisedLimit;
        });

        // Two minutes' worth from 32 callers; the server never says what remains, only its policy.
        var next = -1;
        var callers = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < 2 * RaisedLimit)
            {
                await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
            }
        })).ToList();
        await host.Clock.SettledAsync(callers, longestWait: TimeSpan.FromSeconds(1));
        Assert.Equal(RaisedLimit, host.Server.Requests.Count);
        await host.Clock.StepUntilAnsweredAsync(callers, step: TimeSpan.FromSeconds(1), longestWait: TimeSpan.FromSeconds(1), maxSteps: 70);

        // Per simulated minute: the stated 1,500, not the documented 1,000, and never more.
        var firstMinute = host.Server.Requests.Count(r => r.Timestamp < host.Clock.Start.AddMinutes(1));
        Assert.Equal((RaisedLimit, 2 * RaisedLimit), (firstMinute, host.Server.Requests.Count));
        Assert.All(host.Server.Requests.Skip(RaisedLimit), r => Assert.True(r.Timestamp >= host.Clock.Start.AddSeconds(61), $"{r.Timestamp} inside the first window"));
        Assert.DoesNotContain(host.Server.Requests, r => r.StatusCode == 429);
        var state = host.Client.GetRateLimitState();
        Assert.Equal(
            (RaisedLimit, TimeSpan.FromMinutes(1), TelephonyRateLimitSource.ServerHeaders, (int?)0),
            (state.Limit, state.LimitWindow, state.Source, state.Remaining));
    }

    [Fact]
    public async Task GetBalance_PermitsPerMinuteConfigured_StaysTheCeilingWhateverTheHeadersSay()
    {
        await using var host = await ResilienceTestHost.StartAsync(
            configure: o => o.RateLimit.PermitsPerMinute = 20,
            configureServer: o =>
            {
                o.KeyRateLimits[TelephonyFakeServer.SecretTestKey] = 3000;
                o.RateLimitHeaders = FakeRateLimitHeaders.Ietf;
            });

        var calls = CallersAsync(host.Client, 25, callers: 5);
        await Eventually.TrueAsync(() => host.Server.Requests.Count == 20 && QueuedInWindow(host) == 5);

        Assert.False(calls.IsCompleted);
        Assert.Equal(TelephonyRateLimitSource.Configured, host.Client.GetRateLimitState().Source);
        for (var second = 0; second < 61; second++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await calls.Within();
        Assert.Equal(25, host.Server.Requests.Count);
    }

    private static long? QueuedInWindow(ResilienceTestHost host) =>
        host.Services.GetRequiredService<Telephony.Sdk.RateLimiting.KeyRateLimitRegistry>().Find(host.Server.BaseAddress, TelephonyFakeServer.SecretTestKey, new TelephonyRateLimitOptions())
            ?.WindowLimiter?.GetStatistics()?.CurrentQueuedCount;

    internal static async Task CallersAsync(TelephonyClient client, int calls, int callers)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < calls)
            {
                await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
            }
        }));
    }
}
