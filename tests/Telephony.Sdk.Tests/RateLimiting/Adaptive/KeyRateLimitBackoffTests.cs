using System.Globalization;
using System.Net;
using Telephony.Sdk.Resilience;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Retry;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting.Adaptive;

/// <summary>What a 429 does to a key: the pause every request waits for, and the pace learnt when the server states no limit.</summary>
public sealed class KeyRateLimitBackoffTests
{
    private const HttpStatusCode TooMany = HttpStatusCode.TooManyRequests;

    [Fact]
    public void TryAdmit_After429WithRetryAfter_EveryRequestWaitsUntilThen()
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendNow(), TooMany, ("Retry-After", "10"));
        var waiting = new KeyRateLimit.Turn();

        var atOnce = key.Ask(waiting);
        key.Clock.Advance(TimeSpan.FromSeconds(4));
        var later = key.Ask(waiting);
        var pause = key.Limit.RemainingPause();
        var pausedUntil = key.Limit.Snapshot().PausedUntil;
        key.Clock.Advance(TimeSpan.FromSeconds(6));
        var atTheEnd = key.Ask(waiting);

        Assert.Equal((TimeSpan.FromSeconds(10), WaitReason.ServerBackoff), atOnce);
        Assert.Equal((TimeSpan.FromSeconds(6), WaitReason.ServerBackoff), later);
        Assert.Equal(TimeSpan.FromSeconds(6), pause);
        Assert.Equal(key.Start.AddSeconds(10), pausedUntil);
        Assert.Equal(TimeSpan.Zero, atTheEnd.Wait);
        Assert.Null(key.Limit.Snapshot().PausedUntil);
    }

    // The clock moves on between any two readings; the pause once began at one and the Retry-After date was measured
    // from the next, so it ended before the date the server named.
    [Fact]
    public void Observe_RetryAfterDateWhileTheClockMoves_PausedUntilThatDate()
    {
        var key = new KeyUnderTest();
        var turn = key.SendNow();
        var retryAt = key.Start.AddSeconds(20);

        key.Clock.AutoAdvanceAmount = TimeSpan.FromSeconds(1);
        key.Answer(turn, TooMany, ("Retry-After", retryAt.ToString("r", CultureInfo.InvariantCulture)));
        key.Clock.AutoAdvanceAmount = TimeSpan.Zero;

        Assert.Equal(retryAt, key.Limit.Snapshot().PausedUntil);
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
            key.Answer(key.SendWhenAdmitted(), TooMany);
            pauses.Add(key.Limit.RemainingPause());
        }

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], pauses.Select(p => p.TotalSeconds));
    }

    [Fact]
    public void Observe_Consecutive429sWithoutRetryAfterOrHeaders_SharingThePaceWithAFleet_PauseStopsDoublingAtTwiceTheBaseDelay()
    {
        // The fleet shares the pause, so it probes as one: a pause that kept doubling outlasted a window's reset by seconds.
        var key = new KeyUnderTest(configure: o => o.LimiterFactory = partition =>
            new FleetLimiter(TelephonyRateLimiters.CreateSlidingWindow(partition, TimeProvider.System)));
        var pauses = new List<TimeSpan>();

        for (var i = 0; i < 5; i++)
        {
            key.Answer(key.SendWhenAdmitted(), TooMany);
            pauses.Add(key.Limit.RemainingPause());
        }

        Assert.Equal([1, 2, 2, 2, 2], pauses.Select(p => p.TotalSeconds));
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
    public void Observe_429WithoutRetryAfterOrHeaders_PaceIs70PercentOfTheAcceptedRate()
    {
        var key = new KeyUnderTest();
        for (var i = 0; i < 50; i++)
        {
            key.Answer(key.SendNow(), HttpStatusCode.OK);
        }

        var observation = key.Answer(key.SendNow(), TooMany);

        // Fifty requests accepted in the same instant, over the 5-second window: 10 per second.
        Assert.Equal(7.0, observation.NewPace!.Value, 1e-9);
        Assert.Equal(
            new TelephonyRateLimitState
            {
                Limit = 1000,
                LimitWindow = TimeSpan.FromMinutes(1),
                Source = TelephonyRateLimitSource.LearnedFrom429s,
                RequestsPerSecond = observation.NewPace,
                Remaining = 1000,
                PausedUntil = key.Start + KeyUnderTest.BaseDelay,
            },
            key.Limit.Snapshot());
    }

    [Theory]
    [InlineData(false, null, 1000 / 60.0)]
    [InlineData(true, null, 100 / 60.0)]
    [InlineData(false, 600, 10.0)]
    [InlineData(true, 600, 10.0)]
    public void Observe_429WithNothingAcceptedLately_PaceIs70PercentOfTheKeysLimitPerSecond(bool publishable, int? permitsPerMinute, double perSecond)
    {
        // A cold key: ten requests left together and none was answered yet, so the server's rate is not known.
        var key = new KeyUnderTest(publishable, o => o.PermitsPerMinute = permitsPerMinute);
        var turns = Enumerable.Range(0, 10).Select(_ => key.SendNow()).ToList();

        var observation = key.Answer(turns[^1], TooMany);

        Assert.Equal(0.7 * perSecond, observation.NewPace!.Value, 1e-9);
        Assert.Equal(observation.NewPace, key.Limit.Snapshot().RequestsPerSecond);
    }

    [Fact]
    public void Observe_429AfterTheServerStatedItsPolicy_PaceIs70PercentOfTheServersLimitPerWindow()
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendNow(), HttpStatusCode.OK, ("RateLimit-Policy", "\"default\";q=300;w=10"), ("RateLimit", "\"default\";r=299;t=10"));
        key.Clock.Advance(TimeSpan.FromSeconds(1));

        // The one accepted request now weighs 1/e^0.2 (less than one): the known limit is the measure, 300 per 10 s.
        var observation = key.Answer(key.SendNow(), TooMany);

        Assert.Equal(0.7 * 30, observation.NewPace!.Value, 1e-9);
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
        // Ten accepted at the start: each 429 measures them, decayed by the time since, so every decrease shows.
        var key = new KeyUnderTest();
        for (var i = 0; i < 10; i++)
        {
            key.Answer(key.SendNow(), HttpStatusCode.OK);
        }

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

        // 70% of ten accepted over the 5-second window, weighed 0.1 s, 0.3 s and 1.2 s after they were accepted.
        Assert.Equal(0.7 * 10 * Math.Exp(-0.1 / 5) / 5, atFirst.NewPace!.Value, 1e-9);
        Assert.Equal(atFirst.NewPace, paceBefore);

        // The second 429 did lower the pace (its request left after the first decrease), 0.2 s after the last report.
        Assert.Equal(0.7 * 10 * Math.Exp(-0.3 / 5) / 5, paceAfterSecond!.Value, 1e-9);
        Assert.Null(atSecond.NewPace);

        // 1.1 s after the last report.
        Assert.Equal(0.7 * 10 * Math.Exp(-1.2 / 5) / 5, atThird.NewPace!.Value, 1e-9);
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

        // A cold key: 70% of 1000 a minute, and no credit saved during the pause. When it ends, the first caller goes
        // at once and the n-th n/rate later.
        Assert.Equal(0.7 * 1000 / 60, rate, 1e-9);
        Assert.Equal(TimeSpan.Zero, answers[0].Wait);
        Assert.All(answers.Skip(1), a => Assert.Equal(WaitReason.Pace, a.Reason));
        Assert.All(answers.Select((a, i) => (a.Wait, i)), s => Assert.Equal(s.i / rate, s.Wait.TotalSeconds, 1e-6));
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
    public void TryAdmit_PlaceInLineHeldAcrossAnotherDecrease_LinesUpAgainAtTheNewPace()
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
        var newcomer = key.Ask(new KeyRateLimit.Turn());
        var lastInLine = key.Ask(queued[^1]);
        var secondInLine = key.Ask(queued[1]);

        // No pause (no base delay), a cold key: 70% of 1000 a minute each time. The fifth caller was 4/rate out; the
        // new decrease voided its place, so it lines up again behind a caller that came after it, and the caller that
        // was ahead of it is now behind it: one at once, then 1/rate apart, in the order they ask again.
        Assert.Equal(0.7 * 1000 / 60, rate, 1e-9);
        Assert.Equal(TimeSpan.Zero, firstSlots[0]);
        Assert.Equal(4 / rate, firstSlots[^1].TotalSeconds, 1e-6);
        Assert.Equal(TimeSpan.Zero, newcomer.Wait);
        Assert.Equal(WaitReason.Pace, lastInLine.Reason);
        Assert.Equal(1 / rate, lastInLine.Wait.TotalSeconds, 1e-6);
        Assert.Equal(WaitReason.Pace, secondInLine.Reason);
        Assert.Equal(2 / rate, secondInLine.Wait.TotalSeconds, 1e-6);
    }

    /// <summary>Stands in for a limiter that shares the key's pace with other processes (as the Redis one does).</summary>
    private sealed class FleetLimiter(System.Threading.RateLimiting.RateLimiter inner) : DelegatingRateLimiter(inner), ITelephonySharedRateLimit
    {
        public void ReportLimit(int limit, TimeSpan window)
        {
        }

        public void ReportPace(double requestsPerSecond, DateTimeOffset learnedAt)
        {
        }

        public bool TryGetPace(out double requestsPerSecond, out DateTimeOffset learnedAt)
        {
            (requestsPerSecond, learnedAt) = (0, default);
            return false;
        }
    }
}
