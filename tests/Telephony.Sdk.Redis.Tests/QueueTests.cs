using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Redis.Tests.Support;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>While the shared window is full, requests wait in line in each process, up to the queue limit.</summary>
public sealed class QueueTests(TestRedis redis)
{
    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task FullSharedWindow_QueuesUpToTheLimit_RefusesBeyondIt_AndAWaiterCanBeCancelled()
    {
        var configuration = redis.Require();
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var stack = ClientStack.Create(
            server.BaseAddress,
            TelephonyFakeServer.SecretTestKey,
            new IndependentSystemClock(),
            o =>
            {
                o.RateLimit.PermitsPerMinute = 2;
                o.RateLimit.QueueLimit = 1;
            },
            builder => builder.UseRedisRateLimit(configuration, o => o.KeyPrefix = FleetRateLimitTests.UniquePrefix()));

        await stack.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));
        await stack.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));

        // The window is full: the next call waits in line, the one after it finds the line full.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var waiting = stack.Client.Account.GetBalanceAsync(cancel.Token);
        var limiter = Assert.Single(stack.Fleet!.Limiters).Value;
        await Bounded.UntilAsync(() => limiter.GetStatistics()!.CurrentQueuedCount == 1, "one call waiting in line");

        var refused = await Assert.ThrowsAsync<TelephonyRateLimitException>(
            () => stack.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken)).Within(TimeSpan.FromSeconds(30));
        Assert.Contains("queue", refused.Message, StringComparison.OrdinalIgnoreCase);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).Within(TimeSpan.FromSeconds(30));
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
        Assert.Equal(1, limiter.GetStatistics()!.TotalFailedLeases);
    }
}
