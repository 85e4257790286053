using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Telephony.Sdk.Redis.Tests.Support;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>
/// What instances sharing a key learn of its limit reaches the others through Redis: a limit the server states resizes
/// the shared window everywhere, and a pace one instance learns from a 429 becomes the key's, which every instance's
/// requests take their slots from. Each instance runs on its own
/// fake clock, so nothing waits for real time.
/// </summary>
public sealed class SharedRateLimitTests(TestRedis redis)
{
    private const string Key = TelephonyFakeServer.SecretTestKey;
    private const int RaisedLimit = 2400;

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task RaisedLimitStatedToOneInstance_GrowsTheSharedWindow_OnEveryInstance_AndOneStartingLater()
    {
        var configuration = redis.Require();
        var prefix = FleetRateLimitTests.UniquePrefix();
        var start = DateTimeOffset.UtcNow;

        // A's server states the raised limit in its headers; B's and C's say nothing, so they can only learn it from A.
        await using var stating = await TelephonyFakeServer.StartAsync(
            o => (o.SecretKeyRateLimit, o.RateLimitHeaders) = (RaisedLimit, FakeRateLimitHeaders.Ietf), TestContext.Current.CancellationToken);
        await using var silent = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var b = Stack(silent.BaseAddress, new FakeTimeProvider(start), configuration, prefix);
        await b.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
        var limiterB = Assert.Single(b.Fleet!.Limiters).Value;
        Assert.Equal((1000, TimeSpan.FromMinutes(1)), limiterB.Limit);

        await using var a = Stack(stating.BaseAddress, new FakeTimeProvider(start), configuration, prefix);
        await a.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));

        Assert.Equal((RaisedLimit, TimeSpan.FromMinutes(1)), Assert.Single(a.Fleet!.Limiters).Value.Limit);
        await Bounded.UntilAsync(() => limiterB.Limit == (RaisedLimit, TimeSpan.FromMinutes(1)), "instance B told of the raised limit");

        await using var c = Stack(silent.BaseAddress, new FakeTimeProvider(start), configuration, prefix);
        await c.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
        Assert.Equal((RaisedLimit, TimeSpan.FromMinutes(1)), Assert.Single(c.Fleet!.Limiters).Value.Limit);

        // The shared window now grants more than the documented limit: B takes 1,001 permits within one minute of its clock.
        for (var i = 0; i < 1001; i++)
        {
            using var lease = await limiterB.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask().Within(TimeSpan.FromSeconds(30));
            Assert.True(lease.IsAcquired, $"permit {i} refused");
        }

        // The key itself never reaches Redis: the names hold its SHA-256.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var names = connection.GetServers().Single().Keys(pattern: $"*{prefix}*").Select(k => (string)k!).ToList();
        Assert.Contains(names, n => n.StartsWith($"{prefix}:limit:", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.Contains(Key, StringComparison.Ordinal));
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task ConfiguredLimit_StaysTheCeiling_OfTheSharedWindow()
    {
        var configuration = redis.Require();
        var prefix = FleetRateLimitTests.UniquePrefix();
        await using var server = await TelephonyFakeServer.StartAsync(
            o => (o.SecretKeyRateLimit, o.RateLimitHeaders) = (RaisedLimit, FakeRateLimitHeaders.Ietf), TestContext.Current.CancellationToken);
        await using var a = ClientStack.Create(
            server.BaseAddress, Key, new FakeTimeProvider(DateTimeOffset.UtcNow), o => o.RateLimit.PermitsPerMinute = 600,
            builder => builder.UseRedisRateLimit(configuration, o => o.KeyPrefix = prefix));

        await a.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));

        Assert.Equal((600, TimeSpan.FromMinutes(1)), Assert.Single(a.Fleet!.Limiters).Value.Limit);
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task PaceLearntFrom429OnOneInstance_SlowsAnotherInstance()
    {
        var configuration = redis.Require();
        var prefix = FleetRateLimitTests.UniquePrefix();
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var (clockA, clockB) = (new FakeTimeProvider(start), new FakeTimeProvider(start));
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var a = Stack(server.BaseAddress, clockA, configuration, prefix);
        await using var b = Stack(server.BaseAddress, clockB, configuration, prefix);
        for (var i = 0; i < 3; i++)
        {
            await a.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
        }

        await b.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
        Assert.Null(b.Client.GetRateLimitState().RequestsPerSecond);

        // A 429 that states no limit: A slows down and tells the fleet the key's pace.
        server.Faults.RespondWithStatus(429, times: 1, retryAfter: TimeSpan.FromSeconds(1));
        var callA = a.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        var limiterA = Assert.Single(a.Fleet!.Limiters).Value;
        await Bounded.UntilAsync(() => limiterA.KeyPace is not null, "instance A learning a pace");
        var learnt = limiterA.KeyPace!.Value;
        var limiterB = Assert.Single(b.Fleet!.Limiters).Value;
        await Bounded.UntilAsync(() => limiterB.TryGetPace(out _, out _), "instance B told of the pace");

        // B, which met no 429, holds the same pace for the key, and shows its share of it from its next request on.
        Assert.Equal(learnt, limiterB.KeyPace!.Value, 6);
        var callB = b.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await Bounded.UntilAsync(() => b.Client.GetRateLimitState().RequestsPerSecond is not null, "instance B taking the pace");
        Assert.InRange(b.Client.GetRateLimitState().RequestsPerSecond!.Value, 0.001, learnt);
        Assert.Equal(TelephonyRateLimitSource.LearnedFrom429s, b.Client.GetRateLimitState().Source);

        // Both go once the pause and their slots (one after the other, at the key's pace) have passed.
        await Bounded.UntilAsync(
            () =>
            {
                clockA.Advance(TimeSpan.FromMilliseconds(100));
                clockB.Advance(TimeSpan.FromMilliseconds(100));
                return callA.IsCompleted && callB.IsCompleted;
            },
            "both calls done");
        await Task.WhenAll(callA, callB).Within(TimeSpan.FromSeconds(30));
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task KeyPace_SpacesTheRequestsOfTwoInstances_AsOneProcess()
    {
        var configuration = redis.Require();
        var prefix = FleetRateLimitTests.UniquePrefix();
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var clock = new FakeTimeProvider(start);
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var a = Stack(server.BaseAddress, clock, configuration, prefix);
        await using var b = Stack(server.BaseAddress, clock, configuration, prefix);
        await a.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
        await b.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
        var (limiterA, limiterB) = (Assert.Single(a.Fleet!.Limiters).Value, Assert.Single(b.Fleet!.Limiters).Value);

        // The key's pace: 2 requests a second for the whole fleet, one every 500 ms.
        Assert.True(limiterA.AdoptPace(2, start));
        Assert.True(limiterB.AdoptPace(2, start));
        using var first = await limiterA.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask().Within(TimeSpan.FromSeconds(30));
        Assert.True(first.IsAcquired);

        // B's request takes the next slot of the key, after A's, not one of its own: it waits for 500 ms of the clock.
        var second = limiterB.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var slots = $"{prefix}:slots:{Assert.Single(a.Fleet!.Limiters).Key}";
        await Bounded.UntilAsync(
            () => (double?)connection.GetDatabase().HashGet(slots, "tat") is { } next && Math.Abs(next - (start.ToUnixTimeMilliseconds() + 1000)) < 1,
            "two slots reserved for the key");
        Assert.False(second.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        using var granted = await second.Within(TimeSpan.FromSeconds(30));
        Assert.True(granted.IsAcquired);
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task KeyPace_RequestLiningUpAgainAfterAPause_SpendsOnePermitOfTheSharedWindow()
    {
        await using var instance = await OneInstance.StartAsync(redis.Require());
        var (start, clock, limiter, database, window) = (instance.Start, instance.Clock, instance.Limiter, instance.Database, instance.Window);
        var (prefix, keyId) = (instance.Prefix, instance.KeyId);
        Assert.Equal(1, await database.SortedSetLengthAsync(window));

        // The key's pace: one request every 500 ms. The first goes now; the second's slot is 500 ms ahead.
        Assert.True(limiter.AdoptPace(2, start));
        using var first = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask().Within(TimeSpan.FromSeconds(30));
        var second = limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();
        await Bounded.UntilAsync(
            () => (double?)database.HashGet($"{prefix}:slots:{keyId}", "tat") is { } next && Math.Abs(next - (start.ToUnixTimeMilliseconds() + 1000)) < 1,
            "the second request's slot reserved");

        // Another instance met a full server while the second request waited for its slot: the key pauses for a second.
        limiter.RaiseBackoff(start + TimeSpan.FromSeconds(1));
        var grantedAt = await GrantedAtAsync(second, clock, "the second request's permit");

        // It lined up again after the pause and went then, having spent one permit of the shared window, as the first did:
        // a permit spent again for the same request would leave the window short of what the server allows.
        using var lease = await second.Within(TimeSpan.FromSeconds(30));
        Assert.True(lease.IsAcquired);
        Assert.True(grantedAt >= start + TimeSpan.FromSeconds(1), $"granted at {grantedAt - start} into the pause");
        Assert.Equal(3, await database.SortedSetLengthAsync(window));
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task PaceLearntFromThe429OfAPause_ThatRequestsTookTheirPermitsIn_TheyLineUpAtItAfterThePause()
    {
        await using var instance = await OneInstance.StartAsync(redis.Require());
        var (start, clock, limiter, database, window) = (instance.Start, instance.Clock, instance.Limiter, instance.Database, instance.Window);

        // A 429's pause of a second is known here, the pace learnt from it not yet: two requests take their permits.
        var pauseEnds = start + TimeSpan.FromSeconds(1);
        limiter.RaiseBackoff(pauseEnds);
        var requests = new[] { limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask(), limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask() };
        await Bounded.UntilAsync(() => database.SortedSetLength(window) == 3, "both requests' permits taken from the shared window");

        // The pace comes after them (a Redis round trip after the 429): 2 requests a second, one every 500 ms.
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(limiter.AdoptPace(2, start));

        var grantedAt = new DateTimeOffset?[requests.Length];
        await Bounded.UntilAsync(
            () =>
            {
                for (var i = 0; i < requests.Length; i++)
                {
                    grantedAt[i] ??= requests[i].IsCompleted ? clock.GetUtcNow() : null;
                }

                clock.Advance(TimeSpan.FromMilliseconds(50));
                return grantedAt.All(t => t is not null);
            },
            "both requests' permits");

        // Without the wait for the pace, both were granted at once, and the SDK would have held them for the pause and sent
        // them together when it ended.
        foreach (var request in requests)
        {
            using var lease = await request.Within(TimeSpan.FromSeconds(30));
            Assert.True(lease.IsAcquired);
        }

        var (first, second) = grantedAt.Order().ToArray() is [var x, var y] ? (x!.Value, y!.Value) : default;
        Assert.True(first >= pauseEnds, $"The first request was let go {(pauseEnds - first).TotalMilliseconds} ms before the pause ended.");
        Assert.True(second - first >= TimeSpan.FromMilliseconds(400), $"The requests went {(second - first).TotalMilliseconds} ms apart, not at the key's pace (500 ms).");
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task LongPauseWithNoPace_ARequestThatTookItsPermitInIt_IsLeftToTheSdkAtOnce()
    {
        await using var instance = await OneInstance.StartAsync(redis.Require());
        var (start, clock, limiter) = (instance.Start, instance.Clock, instance.Limiter);

        // Retry-After: 300 and no pace: the limiter does not hold the request for five minutes, past any call's budget; the
        // SDK fails the call at once when the pause outlasts it.
        limiter.RaiseBackoff(start + TimeSpan.FromMinutes(5));
        var request = limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();
        var grantedAt = await GrantedAtAsync(request, clock, "the request's permit");

        using var lease = await request.Within(TimeSpan.FromSeconds(30));
        Assert.True(lease.IsAcquired);
        Assert.InRange(grantedAt - start, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Moves the clock on 100 ms at a time until <paramref name="request"/> is done; the clock's time when it was seen done.</summary>
    private static async Task<DateTimeOffset> GrantedAtAsync(Task request, FakeTimeProvider clock, string what)
    {
        DateTimeOffset? grantedAt = null;
        await Bounded.UntilAsync(
            () =>
            {
                grantedAt ??= request.IsCompleted ? clock.GetUtcNow() : null;
                clock.Advance(TimeSpan.FromMilliseconds(100));
                return grantedAt is not null;
            },
            what);
        return grantedAt!.Value;
    }

    private static ClientStack Stack(Uri server, TimeProvider clock, string configuration, string prefix) =>
        ClientStack.Create(server, Key, clock, o => o.Resilience.MaxRetryAttempts = 1, builder => builder.UseRedisRateLimit(configuration, o => o.KeyPrefix = prefix));

    /// <summary>One instance on a fake clock from now, after one call: its key's limiter, and the key's whole-second window in Redis.</summary>
    private sealed class OneInstance : IAsyncDisposable
    {
        private readonly TelephonyFakeServer _server;
        private readonly ClientStack _stack;
        private readonly ConnectionMultiplexer _connection;

        private OneInstance(TelephonyFakeServer server, ClientStack stack, ConnectionMultiplexer connection, FakeTimeProvider clock, string prefix)
        {
            (_server, _stack, _connection, Clock, Start, Prefix) = (server, stack, connection, clock, clock.GetUtcNow(), prefix);
            (KeyId, Limiter) = Assert.Single(stack.Fleet!.Limiters);
        }

        public FakeTimeProvider Clock { get; }

        public DateTimeOffset Start { get; }

        public string Prefix { get; }

        public string KeyId { get; }

        public FleetRateLimiter Limiter { get; }

        public IDatabase Database => _connection.GetDatabase();

        public string Window => $"rl:sw:{{{Prefix}:{KeyId}}}";

        public static async Task<OneInstance> StartAsync(string configuration)
        {
            var prefix = FleetRateLimitTests.UniquePrefix();
            var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
            var stack = Stack(server.BaseAddress, clock, configuration, prefix);
            await stack.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
            return new OneInstance(server, stack, await ConnectionMultiplexer.ConnectAsync(configuration), clock, prefix);
        }

        public async ValueTask DisposeAsync()
        {
            await _connection.DisposeAsync();
            await _stack.DisposeAsync();
            await _server.DisposeAsync();
        }
    }
}
