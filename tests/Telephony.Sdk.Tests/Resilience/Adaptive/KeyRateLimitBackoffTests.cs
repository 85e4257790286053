using System.Net;
using Telephony.Sdk.Resilience;

namespace Telephony.Sdk.Tests.Resilience.Adaptive;

/// <summary>What a 429 does to a key: the pause every request waits for, and the pace learnt when the server states no limit.</summary>
public sealed class KeyRateLimitBackoffTests
{
    private const HttpStatusCode TooMany = HttpStatusCode.TooManyRequests;

    [Fact]
    public void TryAdmit_After429WithRetryAfter_EveryRequestWaitsUntilThen()
    {
        var key = new KeyUnderTest();
        var observation = key.Answer(key.SendNow(), TooMany, ("Retry-After", "10"));
        var waiting = new KeyRateLimit.Turn();

        var atOnce = key.Ask(waiting);
        key.Clock.Advance(TimeSpan.FromSeconds(4));
        var later = key.Ask(waiting);
        var pause = key.Limit.RemainingPause();
        var pausedUntil = key.Limit.Snapshot().PausedUntil;
        key.Clock.Advance(TimeSpan.FromSeconds(6));
        var atTheEnd = key.Ask(waiting);

        Assert.Equal(TimeSpan.FromSeconds(10), observation.RetryAfter);
        Assert.Equal((TimeSpan.FromSeconds(10), WaitReason.ServerBackoff), atOnce);
        Assert.Equal((TimeSpan.FromSeconds(6), WaitReason.ServerBackoff), later);
        Assert.Equal(TimeSpan.FromSeconds(6), pause);
        Assert.Equal(key.Start.AddSeconds(10), pausedUntil);
        Assert.Equal(TimeSpan.Zero, atTheEnd.Wait);
        Assert.Null(key.Limit.Snapshot().PausedUntil);
    }

    [Fact]
    public void TryAdmit_ClientSideLimitOffAfter429_StillWaitsForTheRetryAfter()
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendNow(), TooMany, ("Retry-After", "10"));

        var answer = key.Ask(new KeyRateLimit.Turn(), limitOnClient: false);

        Assert.Equal((TimeSpan.FromSeconds(10), WaitReason.ServerBackoff), answer);
    }

    [Fact]
    public void Observe_ShorterRetryAfterWhilePaused_PauseNotShortened()
    {
        var key = new KeyUnderTest();
        var first = key.SendNow();
        var second = key.SendNow();

        key.Answer(first, TooMany, ("Retry-After", "10"));
        key.Answer(second, TooMany, ("Retry-After", "2"));

        Assert.Equal(TimeSpan.FromSeconds(10), key.Limit.RemainingPause());
    }

    [Fact]
    public void Observe_Consecutive429sWithoutRetryAfterOrHeaders_PauseDoublesUpToTheMaximum()
    {
        var key = new KeyUnderTest();
        var pauses = new List<TimeSpan>();

        for (var i = 0; i < 7; i++)
        {
            var observation = key.Answer(key.SendWhenAdmitted(), TooMany);
            Assert.Null(observation.RetryAfter);
            pauses.Add(key.Limit.RemainingPause());
        }

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], pauses.Select(p => p.TotalSeconds));
    }

    [Fact]
    public void Observe_SuccessBetween429s_BackoffStartsOver()
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendWhenAdmitted(), TooMany);
        key.Answer(key.SendWhenAdmitted(), TooMany);
        var beforeSuccess = key.Limit.RemainingPause();

        key.Answer(key.SendWhenAdmitted(), HttpStatusCode.OK);
        key.Answer(key.SendWhenAdmitted(), TooMany);

        Assert.Equal(TimeSpan.FromSeconds(2), beforeSuccess);
        Assert.Equal(TimeSpan.FromSeconds(1), key.Limit.RemainingPause());
    }

    [Fact]
    public void Observe_429sForRequestsSentTogether_BackOffOnceNotOncePerResponse()
    {
        // Five callers' requests left together and met one overload: that is one failed probe, not five.
        var key = new KeyUnderTest();
        var turns = Enumerable.Range(0, 5).Select(_ => key.SendNow()).ToList();
        key.Clock.Advance(TimeSpan.FromMilliseconds(100));

        foreach (var turn in turns)
        {
            key.Answer(turn, TooMany);
        }

        Assert.Equal(KeyUnderTest.BaseDelay, key.Limit.RemainingPause());
    }

    [Fact]
    public void Observe_429WithoutRetryAfterOrHeaders_PaceIs70PercentOfTheSendRate()
    {
        var key = new KeyUnderTest();
        var turns = Enumerable.Range(0, 10).Select(_ => key.SendNow()).ToList();

        var observation = key.Answer(turns[^1], TooMany);

        // Ten requests in the same instant: a send rate of 10 per second.
        Assert.Equal(7.0, observation.NewPace!.Value, 1e-9);
        Assert.Equal(
            new TelephonyRateLimitState
            {
                Limit = 1000,
                LimitWindow = TimeSpan.FromMinutes(1),
                Source = TelephonyRateLimitSource.LearnedFrom429s,
                RequestsPerSecond = observation.NewPace,
                PausedUntil = key.Start + KeyUnderTest.BaseDelay,
            },
            key.Limit.Snapshot());
    }

    [Fact]
    public void Observe_429WithQuotaHeaders_NoPaceLearnt()
    {
        var key = new KeyUnderTest();

        var observation = key.Answer(key.SendNow(), TooMany, ("X-RateLimit-Remaining", "5"), ("X-RateLimit-Reset", "30"));

        Assert.Null(observation.NewPace);
        Assert.Null(key.Limit.Snapshot().RequestsPerSecond);
    }

    [Fact]
    public void Observe_429WithNonZeroRemainingAndNoRetryAfter_BacksOffFromTheBaseDelay()
    {
        var key = new KeyUnderTest();

        key.Answer(key.SendNow(), TooMany, ("X-RateLimit-Remaining", "5"), ("X-RateLimit-Reset", "30"));
        var answer = key.Ask(new KeyRateLimit.Turn());

        Assert.Equal((KeyUnderTest.BaseDelay, WaitReason.ServerBackoff), answer);
    }

    [Fact]
    public void Observe_Repeated429s_NewPaceReportedAtMostOncePerSecond()
    {
        var key = new KeyUnderTest();
        var first = key.SendNow();
        var second = key.AdmitNow();
        var third = key.AdmitNow();

        key.Clock.Advance(TimeSpan.FromMilliseconds(100));
        var atFirst = key.Answer(first, TooMany);
        key.Clock.Advance(TimeSpan.FromMilliseconds(100));
        key.Limit.Sending(second);
        key.Clock.Advance(TimeSpan.FromMilliseconds(100));
        var paceBefore = key.Limit.Snapshot().RequestsPerSecond;
        var atSecond = key.Answer(second, TooMany);
        var paceAfterSecond = key.Limit.Snapshot().RequestsPerSecond;
        key.Clock.Advance(TimeSpan.FromMilliseconds(800));
        key.Limit.Sending(third);
        key.Clock.Advance(TimeSpan.FromMilliseconds(100));
        var atThird = key.Answer(third, TooMany);

        Assert.NotNull(atFirst.NewPace);
        // The second 429 did lower the pace (its request left after the first decrease), 0.2 s after the last report.
        Assert.NotEqual(paceBefore, paceAfterSecond);
        Assert.Null(atSecond.NewPace);
        // 1.1 s after the last report.
        Assert.NotNull(atThird.NewPace);
        Assert.Equal(key.Limit.Snapshot().RequestsPerSecond, atThird.NewPace);
    }

    [Fact]
    public void Observe_429ForRequestSentBeforeTheLastDecrease_PaceNotLoweredAgain()
    {
        var key = new KeyUnderTest();
        var turns = Enumerable.Range(0, 10).Select(_ => key.SendNow()).ToList();
        key.Clock.Advance(TimeSpan.FromMilliseconds(500));
        key.Answer(turns[0], TooMany);
        key.Clock.Advance(TimeSpan.FromMilliseconds(500));
        var before = key.Limit.Snapshot().RequestsPerSecond;

        var observation = key.Answer(turns[1], TooMany);

        Assert.NotNull(before);
        Assert.Null(observation.NewPace);
        Assert.Equal(before, key.Limit.Snapshot().RequestsPerSecond);
    }

    [Fact]
    public void TryAdmit_CallersWaitingOutThePause_LeaveAtThePaceNotAllAtOnce()
    {
        var key = new KeyUnderTest();
        var sent = Enumerable.Range(0, 10).Select(_ => key.SendNow()).ToList();
        key.Answer(sent[^1], TooMany);
        var waiting = Enumerable.Range(0, 10).Select(_ => new KeyRateLimit.Turn()).ToList();
        Assert.All(waiting, turn => Assert.Equal((KeyUnderTest.BaseDelay, WaitReason.ServerBackoff), key.Ask(turn)));

        key.Clock.Advance(KeyUnderTest.BaseDelay);
        var rate = key.Limit.Snapshot().RequestsPerSecond!.Value;
        var answers = waiting.Select(turn => key.Ask(turn)).ToList();

        // About 9.65 per second a second after the decrease: half a second of it (4.8 requests) goes at once,
        // the others one 1/rate after another.
        Assert.Equal(4, answers.Count(a => a.Wait == TimeSpan.Zero));
        var queued = answers.Where(a => a.Wait > TimeSpan.Zero).ToList();
        Assert.All(queued, a => Assert.Equal(WaitReason.Pace, a.Reason));
        Assert.All(queued.Zip(queued.Skip(1)), p => Assert.Equal(1 / rate, (p.Second.Wait - p.First.Wait).TotalSeconds, 1e-6));
    }

    [Fact]
    public void TryAdmit_CallerBackAtItsPaceSlot_Admitted()
    {
        var key = new KeyUnderTest();
        var sent = Enumerable.Range(0, 10).Select(_ => key.SendNow()).ToList();
        key.Answer(sent[^1], TooMany);
        key.Clock.Advance(KeyUnderTest.BaseDelay);
        var turns = Enumerable.Range(0, 6).Select(_ => new KeyRateLimit.Turn()).ToList();
        var waits = turns.Select(turn => key.Ask(turn).Wait).ToList();

        key.Clock.Advance(waits[^1]);
        var back = key.Ask(turns[^1]);

        Assert.True(waits[^1] > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, back.Wait);
    }

    [Fact]
    public void TryAdmit_PlaceInLineHeldAcrossAnotherDecrease_KeptAtTheNewPace()
    {
        var key = new KeyUnderTest();
        var sent = Enumerable.Range(0, 10).Select(_ => key.SendNow()).ToList();
        var late = key.AdmitNow();
        using var tooMany = new HttpResponseMessage(TooMany);
        key.Limit.Observe(sent[0], tooMany, TimeSpan.Zero, KeyUnderTest.MaxDelay);
        var queued = Enumerable.Range(0, 5).Select(_ => new KeyRateLimit.Turn()).ToList();
        var firstSlots = queued.Select(turn => key.Ask(turn).Wait).ToList();

        key.Clock.Advance(TimeSpan.FromMilliseconds(100));
        key.Limit.Sending(late);
        key.Limit.Observe(late, tooMany, TimeSpan.Zero, KeyUnderTest.MaxDelay);
        var rate = key.Limit.Snapshot().RequestsPerSecond!.Value;
        var lastInLine = key.Ask(queued[^1]);

        // No pause (no base delay): the fifth caller was 5/7 s out; after the new decrease it keeps its place in line
        // (neither sent to the back nor let through first) and waits what is left of it at the new pace, about the same.
        Assert.Equal(5 / 7.0, firstSlots[^1].TotalSeconds, 1e-6);
        Assert.Equal(WaitReason.Pace, lastInLine.Reason);
        Assert.InRange(lastInLine.Wait.TotalSeconds, (4 / rate) - 0.05, (5 / rate) - 0.05);
    }
}
