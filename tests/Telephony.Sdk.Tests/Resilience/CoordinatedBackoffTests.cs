using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Tests.Resilience;

public sealed class CoordinatedBackoffTests
{
    [Fact]
    public async Task GetBalance_After429WithRetryAfter10_NoRequestForThatKeyReachesTheServerForTenSeconds()
    {
        await using var host = await ResilienceTestHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        host.Server.Faults.RespondWithStatus(429, retryAfter: TimeSpan.FromSeconds(10));

        var first = host.Client.Account.GetBalanceAsync(ct);
        await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(10));
        var others = Enumerable.Range(0, 19).Select(_ => host.Client.Account.GetBalanceAsync(ct)).ToList();
        await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(10), count: 20);

        Assert.Single(host.Server.Requests);
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        await Task.WhenAll([first, .. others]).Within();

        var requests = host.Server.Requests;
        Assert.Equal(21, requests.Count);
        Assert.All(requests.Skip(1), r => Assert.Equal(requests[0].Timestamp.AddSeconds(10), r.Timestamp));
    }

    [Fact]
    public async Task GetBalance_CancelledDuringA30SecondWait_EndsPromptlyWithOperationCanceled()
    {
        await using var host = await ResilienceTestHost.StartAsync();
        host.Server.Faults.RespondWithStatus(429, retryAfter: TimeSpan.FromSeconds(30));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var call = host.Client.Account.GetBalanceAsync(cts.Token);
        await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(30));
        await cts.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Within());
        Assert.IsNotType<TelephonyTimeoutException>(e);
        Assert.Single(host.Server.Requests);
    }
}
