using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Telephony.Sdk.Redis.Tests.Support;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Resilience;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>
/// A 429 with Retry-After seen by one instance pauses the key on the others, through Redis. Each instance runs on its
/// own fake clock (all starting at the same moment), so the pause is observed without waiting for it. A clock is
/// advanced only once the instance's wait is armed on it: advanced a moment earlier, the wait would start after the
/// advance and end that much later than the test expects.
/// </summary>
public sealed class SharedBackoffTests(TestRedis redis)
{
    private const string Key = TelephonyFakeServer.SecretTestKey;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task Server429OnOneInstance_HoldsTheKeyOnAnotherInstance_UntilRetryAfterHasPassed()
    {
        var configuration = redis.Require();
        var prefix = FleetRateLimitTests.UniquePrefix();
        var start = WholeMilliseconds(DateTimeOffset.UtcNow);
        var clockA = new ObservableTimeProvider(start);
        var clockB = new ObservableTimeProvider(start);
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var a = Stack(server, clockA, configuration, prefix);
        await using var b = Stack(server, clockB, configuration, prefix);

        // Both instances have used the key (and listen for its backoff) before the server asks for one.
        await a.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
        await b.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
        var limiterB = Assert.Single(b.Fleet!.Limiters).Value;
        Assert.Null(limiterB.BackoffUntil); // Redis held no backoff for the key when B first looked
        server.Faults.RespondWithStatus(429, times: 1, retryAfter: RetryAfter);

        var callA = a.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await Bounded.UntilAsync(() => server.Requests.Count == 3, "instance A's request answered 429");
        await Bounded.UntilAsync(() => limiterB.BackoffUntil is not null, "instance B told of the backoff");
        Assert.Equal(start + RetryAfter, limiterB.BackoffUntil);

        var callB = b.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await Bounded.UntilAsync(() => b.LogCount(2003) == 1, "instance B holding its request");
        await Bounded.UntilAsync(() => clockB.PendingOneShotDueTimes.Contains(RetryAfter), "instance B waiting on its clock");
        Assert.Equal(3, server.Requests.Count);
        Assert.False(callB.IsCompleted);

        clockB.Advance(RetryAfter - TimeSpan.FromSeconds(1));
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Equal(3, server.Requests.Count);

        clockB.Advance(TimeSpan.FromSeconds(1));
        var balance = await callB.Within(TimeSpan.FromSeconds(30));
        Assert.Equal(TelephonyFakeServer.DefaultBalance, balance.Balance);

        // A's retry waits for the pause too, then for the key's next slot after B's: the 429 taught the key a pace.
        await Bounded.UntilAsync(() => clockA.PendingOneShotDueTimes.Contains(RetryAfter), "instance A's retry waiting on its clock");
        clockA.Advance(RetryAfter);
        await AdvanceUntilDoneAsync(clockA, callA);
        Assert.Equal([200, 200, 429, 200, 200], server.Requests.Select(r => r.StatusCode ?? 0));
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task InstanceStartingDuringABackoff_LearnsItFromRedis_BeforeItsFirstRequest()
    {
        var configuration = redis.Require();
        var prefix = FleetRateLimitTests.UniquePrefix();
        var start = WholeMilliseconds(DateTimeOffset.UtcNow);
        var clockA = new ObservableTimeProvider(start);
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var a = Stack(server, clockA, configuration, prefix);
        server.Faults.RespondWithStatus(429, times: 1, retryAfter: RetryAfter);
        var callA = a.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await Bounded.UntilAsync(() => server.Requests.Count == 1 && a.LogCount(2001) == 1, "instance A's request answered 429");

        // Another instance starts now; its first request waits for the pause A was told of.
        var clockC = new ObservableTimeProvider(start);
        await using var c = Stack(server, clockC, configuration, prefix);
        var callC = c.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await Bounded.UntilAsync(() => c.Fleet!.Limiters.Values.SingleOrDefault()?.BackoffUntil is not null, "instance C reading the backoff");
        await Task.Delay(100, TestContext.Current.CancellationToken);
        await Bounded.UntilAsync(() => clockC.PendingOneShotDueTimes.Contains(RetryAfter), "instance C waiting on its clock");
        Assert.Single(server.Requests);
        Assert.False(callC.IsCompleted);

        clockC.Advance(RetryAfter);
        await callC.Within(TimeSpan.FromSeconds(30));
        await Bounded.UntilAsync(() => clockA.PendingOneShotDueTimes.Contains(RetryAfter), "instance A's retry waiting on its clock");
        clockA.Advance(RetryAfter);
        await AdvanceUntilDoneAsync(clockA, callA);
        Assert.Equal([429, 200, 200], server.Requests.Select(r => r.StatusCode ?? 0));
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task PauseStoredByAnotherInstance_WhoseMessageNeverCame_HoldsTheNextRequest()
    {
        var configuration = redis.Require();
        var prefix = FleetRateLimitTests.UniquePrefix();
        var start = WholeMilliseconds(DateTimeOffset.UtcNow);
        var clockB = new ObservableTimeProvider(start);
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var b = Stack(server, clockB, configuration, prefix);
        await b.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
        var (keyId, limiterB) = Assert.Single(b.Fleet!.Limiters);
        Assert.Null(limiterB.BackoffUntil);

        // Another instance's pause, stored as an instance stores one, with no message on the channel: one sent while B's
        // process was too busy to read it, or lost (a channel delivers at most once).
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(configuration))
        {
            await connection.GetDatabase().StringSetAsync(b.Fleet.BackoffKeyFor(keyId), (start + RetryAfter).ToUnixTimeMilliseconds(), TimeSpan.FromMinutes(1));
        }

        var callB = b.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await Bounded.UntilAsync(() => clockB.PendingOneShotDueTimes.Contains(RetryAfter), "instance B holding its request on its clock");
        Assert.Equal(start + RetryAfter, limiterB.BackoffUntil);
        Assert.Single(server.Requests);
        Assert.False(callB.IsCompleted);

        clockB.Advance(RetryAfter);
        await callB.Within(TimeSpan.FromSeconds(30));
        Assert.Equal([200, 200], server.Requests.Select(r => r.StatusCode ?? 0));
    }

    // Moves the clock on a tenth of a second at a time until the call is done: its slot of the key's pace comes after another instance's.
    private static async Task AdvanceUntilDoneAsync(ObservableTimeProvider clock, Task call)
    {
        await Bounded.UntilAsync(
            () =>
            {
                clock.Advance(TimeSpan.FromMilliseconds(100));
                return call.IsCompleted;
            },
            "the call done");
        await call.Within(TimeSpan.FromSeconds(30));
    }

    // Moments travel between instances in whole milliseconds.
    private static DateTimeOffset WholeMilliseconds(DateTimeOffset moment) => DateTimeOffset.FromUnixTimeMilliseconds(moment.ToUnixTimeMilliseconds());

    private static ClientStack Stack(TelephonyFakeServer server, TimeProvider clock, string configuration, string prefix) =>
        ClientStack.Create(
            server.BaseAddress,
            Key,
            clock,
            o => o.Resilience.MaxRetryAttempts = 1,
            builder => builder.UseRedisRateLimit(configuration, o => o.KeyPrefix = prefix));
}
