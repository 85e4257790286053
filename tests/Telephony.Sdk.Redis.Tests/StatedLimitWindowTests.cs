using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Telephony.Sdk.Redis.Tests.Support;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>
/// A limit the server states (q per w) kept by the fleet: the burst of q at once, then each permit as one leaves the
/// window, never more than q in any w across the instances. Each instance runs on its own fake clock, moved in steps.
/// </summary>
public sealed class StatedLimitWindowTests(TestRedis redis)
{
    private const int Limit = 5;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);

    // The fleet's window is a sixtieth longer than the server's (clocks a little apart, the request's travel time).
    private static readonly TimeSpan FleetWindow = Window * 61 / 60;

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task StatedLimit_TwoInstances_TakeTheBurstAtOnce_ThenAPermitAsOneLeaves_NeverMoreThanTheLimitInAWindow()
    {
        const int PerInstance = 8;
        const int CallersPerInstance = 3;
        var configuration = redis.Require();
        var prefix = FleetRateLimitTests.UniquePrefix();
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        FakeTimeProvider[] clocks = [new(start), new(start)];
        await using var a = CreateFleet(configuration, prefix, clocks[0]);
        await using var b = CreateFleet(configuration, prefix, clocks[1]);
        FleetRateLimiter[] limiters = [CreateLimiter(a), CreateLimiter(b)];
        Assert.All(limiters, l => Assert.True(l.AdoptLimit(Limit, Window)));

        var granted = new List<DateTimeOffset>();
        var all = Task.WhenAll(limiters.SelectMany((limiter, i) =>
            Enumerable.Range(0, CallersPerInstance).Select(c => TakeAsync(limiter, clocks[i], PerInstance / CallersPerInstance + (c < PerInstance % CallersPerInstance ? 1 : 0), granted))));

        // The stated burst goes at once, with the clocks standing still.
        await Bounded.UntilAsync(() => Count(granted) == Limit, "the burst of the stated limit");
        for (var i = 0; i < 3000 && !all.IsCompleted; i++)
        {
            foreach (var clock in clocks)
            {
                clock.Advance(Step);
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await all.Within(TimeSpan.FromSeconds(30));
        List<DateTimeOffset> times;
        lock (granted)
        {
            times = [.. granted.Order()];
        }

        Assert.Equal(2 * PerInstance, times.Count);
        Assert.All(times.Take(Limit), t => Assert.Equal(start, t));
        for (var i = Limit; i < times.Count; i++)
        {
            // Never more than the limit within any window of the server's...
            var apart = times[i] - times[i - Limit];
            Assert.True(apart >= Window, $"Permits {i - Limit} and {i} were {apart.TotalMilliseconds} ms apart: {Limit + 1} within {Window}.");

            // ...and the next permit soon after one leaves the fleet's window, not a second later as whole-second stamps
            // made it (half a second leaves room for Redis's answers while the clocks move on under load).
            Assert.True(apart <= FleetWindow + TimeSpan.FromMilliseconds(500), $"Permit {i} came {apart.TotalMilliseconds} ms after permit {i - Limit}, later than its window of {FleetWindow.TotalMilliseconds} ms.");
        }
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task StatedLimit_CountsThePermitsTheDocumentedWindowGrantedBeforeIt()
    {
        var configuration = redis.Require();
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var clock = new FakeTimeProvider(start);
        await using var fleet = CreateFleet(configuration, FleetRateLimitTests.UniquePrefix(), clock);
        var limiter = CreateLimiter(fleet);
        for (var i = 0; i < 3; i++)
        {
            using var early = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask().Within(TimeSpan.FromSeconds(30));
            Assert.True(early.IsAcquired);
        }

        // The server states 5 per 2 s: the three permits taken under the documented limit leave room for two more.
        Assert.True(limiter.AdoptLimit(Limit, Window));
        for (var i = 0; i < 2; i++)
        {
            using var lease = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask().Within(TimeSpan.FromSeconds(30));
            Assert.True(lease.IsAcquired);
        }

        var sixth = limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();
        await Bounded.UntilAsync(() => limiter.GetStatistics()!.CurrentQueuedCount == 1, "the sixth permit waiting for the window");
        clock.Advance(Window);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(sixth.IsCompleted, "The sixth permit was granted within the stated window of the first.");

        // The early permits were stamped in whole seconds: each counts as late in its second as it may have been taken.
        await Bounded.UntilAsync(
            () =>
            {
                clock.Advance(TimeSpan.FromMilliseconds(50));
                return sixth.IsCompleted;
            },
            "the sixth permit");
        using var sixthLease = await sixth.Within(TimeSpan.FromSeconds(30));
        Assert.True(sixthLease.IsAcquired);
        Assert.InRange(clock.GetUtcNow() - start, FleetWindow, FleetWindow + TimeSpan.FromSeconds(2));
    }

    private static RedisRateLimitFleet CreateFleet(string configuration, string prefix, TimeProvider clock) =>
        new(
            async () => await ConnectionMultiplexer.ConnectAsync(configuration),
            ownsConnection: true,
            // A fake clock moved while Redis answers must not time the answer out: that would take in-process permits.
            new TelephonyRedisRateLimitOptions { KeyPrefix = prefix, RedisTimeout = TimeSpan.FromSeconds(30) },
            clock,
            NullLogger.Instance);

    private static FleetRateLimiter CreateLimiter(RedisRateLimitFleet fleet) =>
        (FleetRateLimiter)fleet.CreateLimiter(new TelephonyRateLimitPartition("stated-limit-key", IsPublishable: false, PermitsPerMinute: 1000, QueueLimit: 100));

    private static async Task TakeAsync(FleetRateLimiter limiter, TimeProvider clock, int permits, List<DateTimeOffset> granted)
    {
        for (var i = 0; i < permits; i++)
        {
            using var lease = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken);
            Assert.True(lease.IsAcquired);
            lock (granted)
            {
                granted.Add(clock.GetUtcNow());
            }
        }
    }

    private static int Count(List<DateTimeOffset> granted)
    {
        lock (granted)
        {
            return granted.Count;
        }
    }
}
