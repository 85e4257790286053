using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Telephony.Sdk.Redis.Tests.Support;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Resilience;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>Redis going away and coming back while an app keeps calling: a private redis-server this test can kill.</summary>
public sealed class RedisOutageTests
{
    private const int MaxCalls = 20_000;
    private const string Key = TelephonyFakeServer.SecretTestKey;

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task RedisStoppedMidRun_CallsContinueOnTheInProcessLimit_OneWarning_AndRestartRestoresSharing()
    {
        await using var redisServer = await TestRedis.StartPrivateServerAsync();
        var prefix = FleetRateLimitTests.UniquePrefix();
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var stack = ClientStack.Create(
            server.BaseAddress,
            Key,
            new IndependentSystemClock(),
            o => o.RateLimit.PermitsPerMinute = 100_000,
            builder => builder.UseRedisRateLimit(redisServer.Configuration, o => o.KeyPrefix = prefix));
        await using var calls = CallLoop.Start(stack.Client, MaxCalls);

        await Bounded.UntilAsync(() => calls.Succeeded >= 20, "20 calls before the outage");
        var keyId = Assert.Single(stack.Fleet!.Limiters).Key;
        var windowKey = $"rl:sw:{{{prefix}:{keyId}}}";
        Assert.True(await WindowLengthAsync(redisServer, windowKey) >= 20, "The permits before the outage came from Redis.");

        await redisServer.StopAsync();
        var atStop = calls.Succeeded;
        await Bounded.UntilAsync(() => calls.Succeeded >= atStop + 200, "200 calls during the outage");
        Assert.Equal(1, stack.LogCount(4001));

        await redisServer.StartAgainAsync();
        await Bounded.UntilAsync(() => stack.LogCount(4002) == 1, "the message that Redis is back");
        var atRestore = calls.Succeeded;
        await Bounded.UntilAsync(() => calls.Succeeded >= atRestore + 20, "20 calls after Redis is back");
        await calls.StopAsync();

        Assert.Empty(calls.Failures);
        Assert.Equal(1, stack.LogCount(4001));
        Assert.Equal(1, stack.LogCount(4002));

        // The restarted server started empty: what its window holds now was taken after the restart.
        Assert.True(await WindowLengthAsync(redisServer, windowKey) >= 20, "The permits after the restart came from Redis again.");
        Assert.All(stack.Logs, r => Assert.DoesNotContain(Key, r.Message, StringComparison.Ordinal));
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task RedisDownAtStart_CallsSucceedOnTheInProcessLimit_WithOneWarning()
    {
        var prefix = FleetRateLimitTests.UniquePrefix();
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var stack = ClientStack.Create(
            server.BaseAddress,
            Key,
            new IndependentSystemClock(),
            useRedis: builder => builder.UseRedisRateLimit($"127.0.0.1:{RedisServerProcess.FreePort()},connectTimeout=500", o =>
            {
                o.KeyPrefix = prefix;
                o.RedisTimeout = TimeSpan.FromMilliseconds(200);
            }));

        for (var i = 0; i < 10; i++)
        {
            var balance = await stack.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
            Assert.Equal(TelephonyFakeServer.DefaultBalance, balance.Balance);
        }

        Assert.Equal(10, server.Requests.Count);
        var warning = Assert.Single(stack.Logs, r => r.Id.Id == 4001);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("each process on its own", warning.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task RedisDown_InProcessLimitStillApplies()
    {
        var clock = new ObservableTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var stack = ClientStack.Create(
            server.BaseAddress,
            Key,
            clock,
            o => o.RateLimit.PermitsPerMinute = 5,
            builder => builder.UseRedisRateLimit($"127.0.0.1:{RedisServerProcess.FreePort()},connectTimeout=500", o =>
            {
                o.KeyPrefix = FleetRateLimitTests.UniquePrefix();
                // Longer than a segment of the in-process window (a second), so that a wait for Redis is never taken
                // below for a call held by the window.
                o.RedisTimeout = TimeSpan.FromSeconds(2);
            }));

        // The connection attempt is given up on the fake clock: advance it past RedisTimeout while the first call waits.
        var first = stack.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 100 && !first.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(200));
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await first.Within(TimeSpan.FromSeconds(30));
        var calls = Enumerable.Range(0, 6).Select(_ => stack.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken)).ToList();
        await Bounded.UntilAsync(() => server.Requests.Count == 5, "five requests, the in-process limit");

        // The two calls beyond the limit wait in the window's line, looking again every segment (a second) on the clock.
        // The clock moves only once both waits are armed on it: a wait armed after the move would start after it.
        await Bounded.UntilAsync(
            () => calls.Count(c => c.IsCompleted) == 4 && clock.PendingOneShotDueTimes.Count(d => d <= TimeSpan.FromSeconds(1)) == 2,
            "four calls answered and two held by the in-process window");
        Assert.Equal(5, server.Requests.Count);
        Assert.Equal(2, calls.Count(c => !c.IsCompleted));

        clock.Advance(TimeSpan.FromSeconds(61));
        await Task.WhenAll(calls).Within(TimeSpan.FromSeconds(30));
        Assert.Equal(7, server.Requests.Count);
    }

    private static async Task<long> WindowLengthAsync(RedisServerProcess redisServer, string windowKey)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redisServer.Configuration);
        return await connection.GetDatabase().SortedSetLengthAsync(windowKey);
    }
}
