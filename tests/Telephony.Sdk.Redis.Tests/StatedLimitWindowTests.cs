using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Telephony.Sdk.Redis.Tests.Support;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>
/// A limit the server states (q per w) kept by the fleet: the burst of q at once, then each permit as one leaves the
/// window, never more than q in any w across the instances. Each instance runs on its own fake clock, moved in steps.
/// The permits' times are the stamps the shared window gave them, read from Redis between the clocks' steps: a caller
/// reading its clock after its permit may run many steps late on a loaded machine.
/// </summary>
public sealed class StatedLimitWindowTests(TestRedis redis)
{
    private const int Limit = 5;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);

    // How much older than the other instance's latest stamp a permit's stamp may be: an instance reads its clock, then
    // asks Redis, and on a loaded machine its ask can run after a later ask of the other instance (2,020 ms between
    // permits 5 apart, against a window of 2,033, once in five runs). Ten steps of the clocks: 100 ms of real time.
    private static readonly TimeSpan StaleClockRead = 10 * Step;

    // The fleet's window is a sixtieth longer than the server's (clocks a little apart, the request's travel time).
    private static readonly TimeSpan FleetWindow = Window * 61 / 60;

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task StatedLimit_TwoInstances_TakeTheBurstAtOnce_ThenAPermitAsOneLeaves_NeverMoreThanTheLimitInAWindow()
    {
        const int PerInstance = 8;
        const int CallersPerInstance = 3;
        await using var fleet = new TwoInstances(redis.Require());
        var (start, limiters) = (fleet.Start, fleet.Limiters);

        var granted = new StrongBox<int>();
        var all = Task.WhenAll(limiters.SelectMany(limiter =>
            Enumerable.Range(0, CallersPerInstance).Select(c => TakeAsync(limiter, PerInstance / CallersPerInstance + (c < PerInstance % CallersPerInstance ? 1 : 0), granted))));

        // The stated burst goes at once, with the clocks standing still.
        await Bounded.UntilAsync(() => Volatile.Read(ref granted.Value) == Limit, "the burst of the stated limit");
        var times = await fleet.AdvanceUntilAsync(all, TestContext.Current.CancellationToken);

        Assert.Equal(2 * PerInstance, times.Count);
        Assert.All(times.Take(Limit), t => Assert.Equal(start, t));
        for (var i = Limit; i < times.Count; i++)
        {
            // Never more than the limit within the fleet's window (a sixtieth longer than the server's)...
            var apart = times[i] - times[i - Limit];
            Assert.True(apart >= FleetWindow - StaleClockRead, $"Permits {i - Limit} and {i} were {apart.TotalMilliseconds} ms apart: {Limit + 1} within {FleetWindow - StaleClockRead}.");

            // ...and the next permit soon after one leaves the fleet's window, not a second later as whole-second stamps
            // made it (half a second leaves room for Redis's answers while the clocks move on under load).
            Assert.True(apart <= FleetWindow + TimeSpan.FromMilliseconds(500), $"Permit {i} came {apart.TotalMilliseconds} ms after permit {i - Limit}, later than its window of {FleetWindow.TotalMilliseconds} ms.");
        }
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task RefusedWithinTheStatedLimit_OneInstanceSeesIt_BothSpaceTheirPermitsEvenly_WhileTheWindowHoldsAny()
    {
        const int PerInstance = 6;
        await using var fleet = new TwoInstances(redis.Require());
        var (start, clocks, limiters) = (fleet.Start, fleet.Clocks, fleet.Limiters);

        // The stated burst goes at once. A 429 as the limit is stated answers a request sent before it: it says nothing of
        // how the server frees its quota.
        await Task.WhenAll(limiters.Select((limiter, i) => TakeAsync(limiter, i == 0 ? 3 : 2))).Within(TimeSpan.FromSeconds(30));
        limiters[0].ReportBackoff(start + TimeSpan.FromSeconds(1));
        Assert.False(limiters[0].EvenPermits);

        // Then the server refuses a request that the stated window let through.
        foreach (var clock in clocks)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        limiters[0].ReportBackoff(clocks[0].GetUtcNow() + TimeSpan.FromSeconds(1));
        await Bounded.UntilAsync(() => limiters[1].EvenPermits, "the other instance told to space its permits");

        var all = Task.WhenAll(limiters.Select(limiter => TakeAsync(limiter, PerInstance)));
        var times = await fleet.AdvanceUntilAsync(all, TestContext.Current.CancellationToken);

        // A sliding window alone would let the next five go together once the burst leaves it.
        var spacing = FleetWindow / Limit;
        Assert.Equal(Limit + (2 * PerInstance), times.Count);
        Assert.True(times[Limit] >= start + FleetWindow, $"Permit {Limit} came at {(times[Limit] - start).TotalMilliseconds} ms, within the window of the burst.");
        for (var i = Limit + 1; i < times.Count; i++)
        {
            var apart = times[i] - times[i - 1];
            Assert.True(apart >= spacing - StaleClockRead, $"Permits {i - 1} and {i} were {apart.TotalMilliseconds} ms apart, closer than {spacing.TotalMilliseconds} ms.");
            Assert.True(apart <= spacing + TimeSpan.FromMilliseconds(500), $"Permit {i} came {apart.TotalMilliseconds} ms after permit {i - 1}, later than its spacing of {spacing.TotalMilliseconds} ms.");
        }

        // Taken together, the spaced permits keep the spacing within one stale read.
        var spaced = times[^1] - times[Limit];
        Assert.True(spaced >= (spacing * (times.Count - Limit - 1)) - StaleClockRead, $"The {times.Count - Limit} spaced permits took {spaced.TotalMilliseconds} ms, less than their spacing.");

        // After a window with no permit in it, the next one goes at once; the one after it is spaced again.
        foreach (var clock in clocks)
        {
            clock.Advance(FleetWindow + Step);
        }

        // The window stamps whole milliseconds.
        var quietAt = DateTimeOffset.FromUnixTimeMilliseconds(clocks[0].GetUtcNow().ToUnixTimeMilliseconds());
        await TakeAsync(limiters[0], 1).Within(TimeSpan.FromSeconds(30));
        var afterQuiet = await fleet.AdvanceUntilAsync(TakeAsync(limiters[1], 1), TestContext.Current.CancellationToken);
        Assert.Equal(2, afterQuiet.Count);
        Assert.Equal(quietAt, afterQuiet[0]);
        Assert.InRange(afterQuiet[1] - afterQuiet[0], spacing - StaleClockRead, spacing + TimeSpan.FromMilliseconds(500));
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task SpacedPermits_APauseOnEitherInstance_NoPermitIsTakenUntilItEnds_ThenSpacedAgain()
    {
        const int PerInstance = 3;
        await using var fleet = new TwoInstances(redis.Require());
        var (start, clocks, limiters) = (fleet.Start, fleet.Clocks, fleet.Limiters);

        // Spacing on, as in the test above: a 429 for a request the stated window let through, once the limit has settled.
        await Task.WhenAll(limiters.Select((limiter, i) => TakeAsync(limiter, i == 0 ? 3 : 2))).Within(TimeSpan.FromSeconds(30));
        foreach (var clock in clocks)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        limiters[0].ReportBackoff(clocks[0].GetUtcNow());
        await Bounded.UntilAsync(() => limiters[1].EvenPermits, "the other instance told to space its permits");

        // Later, with the window empty, a 429's pause of a second, learnt on one instance and shared with the other.
        foreach (var clock in clocks)
        {
            clock.Advance(TimeSpan.FromSeconds(3));
        }

        var pauseStarts = clocks[0].GetUtcNow();
        var pauseEnds = DateTimeOffset.FromUnixTimeMilliseconds((pauseStarts + TimeSpan.FromSeconds(1)).ToUnixTimeMilliseconds());
        limiters[0].ReportBackoff(pauseEnds);
        await Bounded.UntilAsync(() => limiters[1].BackoffUntil == pauseEnds, "the pause shared with the other instance");

        // Without the rule every permit asked during the pause is granted during it, a spacing apart, and its request is
        // then held by the pause and sent with all the others when it ends.
        var all = Task.WhenAll(limiters.Select(limiter => TakeAsync(limiter, PerInstance)));
        var times = (await fleet.AdvanceUntilAsync(all, TestContext.Current.CancellationToken)).Where(t => t >= pauseStarts).ToList();

        var spacing = FleetWindow / Limit;
        Assert.Equal(2 * PerInstance, times.Count);
        Assert.True(times[0] >= pauseEnds, $"A permit was taken {(pauseEnds - times[0]).TotalMilliseconds} ms before the pause ended.");
        for (var i = 1; i < times.Count; i++)
        {
            var apart = times[i] - times[i - 1];
            Assert.True(apart >= spacing - StaleClockRead, $"Permits {i - 1} and {i} were {apart.TotalMilliseconds} ms apart, closer than {spacing.TotalMilliseconds} ms.");
        }
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task PermitsTakenAsAPauseBegan_SpacedFromThen_MoveToSpacedTurnsAfterThePause_OnePermitPerRequest()
    {
        await using var fleet = new TwoInstances(redis.Require());
        var (start, limiter) = (fleet.Start, fleet.Limiters[0]);

        // A 429's pause of a second is known before the same 429 turns spacing on: two requests take their permits in it.
        // A later 429 raises the pause by half a second.
        limiter.RaiseBackoff(start + TimeSpan.FromSeconds(1));
        var both = Task.WhenAll(TakeAsync(limiter, 1), TakeAsync(limiter, 1));
        await Bounded.UntilAsync(() => fleet.PermitsInWindow().Count == 2, "both requests' permits taken");
        Assert.True(limiter.AdoptLimit(Limit, Window, even: true));
        var pauseEnds = start + TimeSpan.FromSeconds(1.5);
        limiter.RaiseBackoff(pauseEnds);

        await fleet.AdvanceUntilAsync(both, TestContext.Current.CancellationToken);

        // Without the move both permits stayed at the start, and both requests left together when the pause ended.
        var permits = fleet.PermitsInWindow();
        var spacing = FleetWindow / Limit;
        Assert.Equal(2, permits.Count);
        Assert.True(permits[0] >= pauseEnds, $"A permit stayed {(pauseEnds - permits[0]).TotalMilliseconds} ms before the pause ended.");
        Assert.True(permits[1] - permits[0] >= spacing - StaleClockRead, $"The permits were {(permits[1] - permits[0]).TotalMilliseconds} ms apart, closer than {spacing.TotalMilliseconds} ms.");
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task WhileNothingIsKnownOfTheLimit_RequestsTakeTurnsInFlight_UntilTheServerStatesOne()
    {
        var configuration = redis.Require();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await using var fleet = CreateFleet(configuration, FleetRateLimitTests.UniquePrefix(), clock);
        var limiter = CreateLimiter(fleet);

        // A round trip of 20 ms at the documented 1000 a minute needs one request in flight.
        var (first, second) = await FirstInFlightSecondWaitingAsync(limiter);
        clock.Advance(TimeSpan.FromMilliseconds(20));
        first.Dispose();
        using var secondLease = await second.Within(TimeSpan.FromSeconds(30));
        Assert.True(secondLease.IsAcquired);

        var third = limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(third.IsCompleted, "A third request went while the second was in flight.");

        // Once the server states the key's limit, its window keeps the fleet: a request no longer waits for a turn.
        Assert.True(limiter.AdoptLimit(Limit, Window));
        using var fourth = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask().Within(TimeSpan.FromSeconds(30));
        Assert.True(fourth.IsAcquired);
        Assert.False(third.IsCompleted);
        secondLease.Dispose();
        using var thirdLease = await third.Within(TimeSpan.FromSeconds(30));
        Assert.True(thirdLease.IsAcquired);
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task ARequestWaitingForItsTurnInFlightAsAPauseBegins_LinesUpAtThePaceAfterThePause()
    {
        var configuration = redis.Require();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await using var fleet = CreateFleet(configuration, FleetRateLimitTests.UniquePrefix(), clock);
        var limiter = CreateLimiter(fleet);
        var (first, second) = await FirstInFlightSecondWaitingAsync(limiter);

        // The first request's 429: a pause of two seconds and a pace, while the second waits for its turn.
        var pauseEnds = clock.GetUtcNow() + TimeSpan.FromSeconds(2);
        limiter.RaiseBackoff(pauseEnds);
        Assert.True(limiter.AdoptPace(10, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMilliseconds(20));
        first.Dispose();
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted, "The request waiting for its turn was let go during the pause.");

        await Bounded.UntilAsync(
            () =>
            {
                clock.Advance(TimeSpan.FromMilliseconds(100));
                return second.IsCompleted;
            },
            "the second request's slot after the pause");
        using var lease = await second.Within(TimeSpan.FromSeconds(30));
        Assert.True(lease.IsAcquired);
        Assert.True(clock.GetUtcNow() >= pauseEnds, $"Let go {(pauseEnds - clock.GetUtcNow()).TotalMilliseconds} ms before the pause ended.");
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

        // A stated window later, the shared window itself still has no room: asked directly, it names a wait.
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(configuration))
        {
            var room = await StatedLimitWindow.TryTakeAsync(
                connection.GetDatabase(), limiter.StatedWindowKey, limiter.WholeSecondWindowKey, Limit, FleetWindow, TimeSpan.Zero, clock.GetUtcNow(), "asked-directly");
            Assert.True(room > TimeSpan.Zero, "The window had room for a sixth permit within the stated window of the first.");
        }

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

    /// <summary>Takes a permit while nothing is known of the key's limit, then asks for another, which waits for a turn in flight.</summary>
    private static async Task<(RateLimitLease First, Task<RateLimitLease> Second)> FirstInFlightSecondWaitingAsync(FleetRateLimiter limiter)
    {
        var first = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask().Within(TimeSpan.FromSeconds(30));
        var second = limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted, "A second request went while the first was in flight.");
        return (first, second);
    }

    /// <summary>Takes <paramref name="permits"/> one after another, counting each in <paramref name="granted"/> when given.</summary>
    private static async Task TakeAsync(FleetRateLimiter limiter, int permits, StrongBox<int>? granted = null)
    {
        for (var i = 0; i < permits; i++)
        {
            using var lease = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken);
            Assert.True(lease.IsAcquired);
            if (granted is not null)
            {
                Interlocked.Increment(ref granted.Value);
            }
        }
    }

    /// <summary>Two instances sharing a key through Redis, each on its own fake clock from now, both told the stated limit.</summary>
    private sealed class TwoInstances : IAsyncDisposable
    {
        private readonly RedisRateLimitFleet[] _fleets;
        private readonly ConnectionMultiplexer _reader;

        public TwoInstances(string configuration)
        {
            _reader = ConnectionMultiplexer.Connect(configuration);
            var prefix = FleetRateLimitTests.UniquePrefix();
            Start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            Clocks = [new(Start), new(Start)];
            _fleets = [CreateFleet(configuration, prefix, Clocks[0]), CreateFleet(configuration, prefix, Clocks[1])];
            Limiters = [CreateLimiter(_fleets[0]), CreateLimiter(_fleets[1])];
            Assert.All(Limiters, l => Assert.True(l.AdoptLimit(Limit, Window)));
        }

        public DateTimeOffset Start { get; }

        public FakeTimeProvider[] Clocks { get; }

        public FleetRateLimiter[] Limiters { get; }

        /// <summary>The stamps of the permits the stated limit's window holds now, in order.</summary>
        public IReadOnlyList<DateTimeOffset> PermitsInWindow() =>
            [.. _reader.GetDatabase().SortedSetRangeByRankWithScores(Limiters[0].StatedWindowKey).Select(p => DateTimeOffset.FromUnixTimeMilliseconds((long)p.Score)).Order()];

        /// <summary>
        /// Moves every instance's clock on in steps until <paramref name="all"/> is done (bounded in steps and time), and
        /// returns, in order, the stamps of the permits the shared window held meanwhile, read before each step: a permit
        /// stays in the window for the window's length, a hundred steps.
        /// </summary>
        public async Task<IReadOnlyList<DateTimeOffset>> AdvanceUntilAsync(Task all, CancellationToken cancellationToken)
        {
            var stamps = new Dictionary<string, double>(StringComparer.Ordinal);
            var window = _reader.GetDatabase();
            for (var i = 0; i < 3000; i++)
            {
                foreach (var permit in await window.SortedSetRangeByRankWithScoresAsync(Limiters[0].StatedWindowKey))
                {
                    stamps[permit.Element.ToString()] = permit.Score;
                }

                if (all.IsCompleted)
                {
                    break;
                }

                foreach (var clock in Clocks)
                {
                    clock.Advance(Step);
                }

                await Task.Delay(10, cancellationToken);
            }

            await all.Within(TimeSpan.FromSeconds(30));
            return [.. stamps.Values.Order().Select(ms => DateTimeOffset.FromUnixTimeMilliseconds((long)ms))];
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var fleet in _fleets)
            {
                await fleet.DisposeAsync();
            }

            await _reader.DisposeAsync();
        }
    }

}
