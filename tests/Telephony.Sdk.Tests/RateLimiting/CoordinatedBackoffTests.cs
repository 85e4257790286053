using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting;

public sealed class CoordinatedBackoffTests
{
    // The documented secret-key limit per second, and the pace a 429 on a key with nothing accepted lately starts at.
    private const double KnownRate = 1000 / 60.0;
    private const double ColdPace = 0.7 * KnownRate;

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PaceRecheck = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task GetBalance_After429WithRetryAfter10_NoRequestForTenSecondsThenTheHeldCallsLeaveAtThePace()
    {
        await using var host = await ResilienceTestHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        host.Server.Faults.RespondWithStatus(429, retryAfter: TimeSpan.FromSeconds(10));
        var pause = TimeSpan.FromSeconds(10);

        var first = host.Client.Account.GetBalanceAsync(ct);
        await host.Clock.WaitForTimerAsync(d => d == pause);
        var others = Enumerable.Range(0, 19).Select(_ => host.Client.Account.GetBalanceAsync(ct)).ToList();
        await host.Clock.WaitForTimerAsync(d => d == pause, count: 20);
        Task[] calls = [first, .. others];
        var start = Assert.Single(host.Server.Requests).Timestamp;
        var resume = start + pause;

        host.Clock.Advance(pause - Step);
        await host.Clock.SettledAsync(calls, pause);
        Assert.Single(host.Server.Requests);
        Assert.DoesNotContain(calls, c => c.IsCompleted);

        host.Clock.Advance(Step);
        await host.Clock.SettledAsync(calls, pause);
        var atResume = host.Server.Requests;
        var paceWaits = host.Clock.PendingOneShotDueTimes.Where(d => d <= PaceRecheck).Order().ToList();

        // A cold key's pace: 70% of 1000 a minute, no credit saved during the pause. When it ends one caller leaves, the
        // n-th of the 19 others holds a place n/pace later (looked at again after a second at most, as the pace grows;
        // Task.Delay keeps whole milliseconds).
        Assert.Equal([429, 200], atResume.Select(r => r.StatusCode));
        Assert.Equal(resume, atResume[1].Timestamp);
        Assert.Equal(19, paceWaits.Count);
        Assert.All(paceWaits.Select((wait, i) => (wait.TotalSeconds, due: Math.Min((i + 1) / ColdPace, 1))), s =>
            Assert.InRange(s.TotalSeconds, s.due - 0.001, s.due));

        await host.Clock.StepUntilAnsweredAsync(calls, Step, pause, maxSteps: 30);
        await Task.WhenAll(calls).Within();

        // The n-th after the first leaves no sooner than n requests at the key's known rate allow (the pace regrows
        // towards it), and no later than n at the cold pace allow, plus the step the clock moves by.
        var released = host.Server.Requests.Skip(1).OrderBy(r => r.Timestamp).ToList();
        Assert.Equal(20, released.Count);
        Assert.All(released, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(resume, released[0].Timestamp);
        Assert.All(released.Select((r, n) => (after: (r.Timestamp - resume).TotalSeconds, n)), s =>
            Assert.InRange(s.after, s.n / KnownRate, (s.n / ColdPace) + Step.TotalSeconds));
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
