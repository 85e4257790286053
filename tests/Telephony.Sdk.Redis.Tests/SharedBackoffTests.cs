using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.Redis.Tests.Support;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>
/// A 429 with Retry-After seen by one instance pauses the key on the others, through Redis. Each instance runs on its
/// own fake clock (all starting at the same moment), so the pause is observed without waiting for it.
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
        var clockA = new FakeTimeProvider(start);
        var clockB = new FakeTimeProvider(start);
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var a = Stack(server, clockA, configuration, prefix);
        await using var b = Stack(server, clockB, configuration, prefix);

        // Both instances have used the key (and listen for its backoff) before the server asks for one.
        await a.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
        await b.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
        server.Faults.RespondWithStatus(429, times: 1, retryAfter: RetryAfter);

        var callA = a.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await Bounded.UntilAsync(() => server.Requests.Count == 3, "instance A's request answered 429");
        var limiterB = Assert.Single(b.Fleet!.Limiters).Value;
        await Bounded.UntilAsync(() => limiterB.BackoffUntil is not null, "instance B told of the backoff");
        Assert.Equal(start + RetryAfter, limiterB.BackoffUntil);

        var callB = b.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await Bounded.UntilAsync(() => b.LogCount(2003) == 1, "instance B holding its request");
        Assert.Equal(3, server.Requests.Count);
        Assert.False(callB.IsCompleted);

        clockB.Advance(RetryAfter - TimeSpan.FromSeconds(1));
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Equal(3, server.Requests.Count);

        clockB.Advance(TimeSpan.FromSeconds(1));
        var balance = await callB.Within(TimeSpan.FromSeconds(30));
        Assert.Equal(TelephonyFakeServer.DefaultBalance, balance.Balance);

        clockA.Advance(RetryAfter);
        await callA.Within(TimeSpan.FromSeconds(30));
        Assert.Equal([200, 200, 429, 200, 200], server.Requests.Select(r => r.StatusCode ?? 0));
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task InstanceStartingDuringABackoff_LearnsItFromRedis_BeforeItsFirstRequest()
    {
        var configuration = redis.Require();
        var prefix = FleetRateLimitTests.UniquePrefix();
        var start = WholeMilliseconds(DateTimeOffset.UtcNow);
        var clockA = new FakeTimeProvider(start);
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var a = Stack(server, clockA, configuration, prefix);
        server.Faults.RespondWithStatus(429, times: 1, retryAfter: RetryAfter);
        var callA = a.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await Bounded.UntilAsync(() => server.Requests.Count == 1 && a.LogCount(2001) == 1, "instance A's request answered 429");

        // Another instance starts now; its first request waits for the pause A was told of.
        var clockC = new FakeTimeProvider(start);
        await using var c = Stack(server, clockC, configuration, prefix);
        var callC = c.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await Bounded.UntilAsync(() => c.Fleet!.Limiters.Values.SingleOrDefault()?.BackoffUntil is not null, "instance C reading the backoff");
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Single(server.Requests);
        Assert.False(callC.IsCompleted);

        clockC.Advance(RetryAfter);
        await callC.Within(TimeSpan.FromSeconds(30));
        clockA.Advance(RetryAfter);
        await callA.Within(TimeSpan.FromSeconds(30));
        Assert.Equal([429, 200, 200], server.Requests.Select(r => r.StatusCode ?? 0));
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
