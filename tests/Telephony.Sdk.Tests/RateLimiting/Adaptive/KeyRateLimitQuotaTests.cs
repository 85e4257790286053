using System.Globalization;
using System.Net;
using Telephony.Sdk.Resilience;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Retry;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting.Adaptive;

/// <summary>The server's quota from its rate-limit headers: requests wait while none remains, until it resets.</summary>
public sealed class KeyRateLimitQuotaTests
{
    [Fact]
    public void TryAdmit_HeadersSayNoneRemains_WaitsUntilTheReset()
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendNow(), HttpStatusCode.OK, ("X-RateLimit-Limit", "1000"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "30"));

        var answer = key.Ask(new KeyRateLimit.Turn());

        Assert.Equal((TimeSpan.FromSeconds(30), WaitReason.ServerQuota), answer);
        Assert.Equal(TimeSpan.Zero, key.Limit.RemainingPause());
        Assert.Equal(
            new TelephonyRateLimitState
            {
                Limit = 1000,
                LimitWindow = TimeSpan.FromMinutes(1),
                Source = TelephonyRateLimitSource.ServerHeaders,
                Remaining = 0,
                ResetsAt = key.Start.AddSeconds(30),
            },
            key.Limit.Snapshot());
    }

    [Fact]
    public void TryAdmit_QuotaReset_TheFullQuotaIsAdmitted()
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendNow(), HttpStatusCode.OK, ("X-RateLimit-Limit", "3"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "30"));
        var waiting = new KeyRateLimit.Turn();
        var before = key.Ask(waiting).Wait;

        key.Clock.Advance(before);
        var answers = new[] { waiting, new KeyRateLimit.Turn(), new KeyRateLimit.Turn() }.Select(turn => key.Ask(turn).Wait).ToList();

        Assert.Equal(TimeSpan.FromSeconds(30), before);
        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero], answers);
    }

    [Fact]
    public void TryAdmit_RequestsAdmittedAfterTheReportedOne_CountAgainstTheRemaining()
    {
        var key = new KeyUnderTest();
        var first = key.SendNow();
        key.SendNow();
        key.SendNow();

        // The first request's response says 3 remain, but two more left after it: one is left, for one caller only.
        key.Answer(first, HttpStatusCode.OK, ("X-RateLimit-Remaining", "3"), ("X-RateLimit-Reset", "60"));
        var remaining = key.Limit.Snapshot().Remaining;
        var fourth = key.Ask(new KeyRateLimit.Turn());
        var fifth = key.Ask(new KeyRateLimit.Turn());

        Assert.Equal(1, remaining);
        Assert.Equal(TimeSpan.Zero, fourth.Wait);
        Assert.Equal((TimeSpan.FromSeconds(60), WaitReason.ServerQuota), fifth);
        Assert.Equal(0, key.Limit.Snapshot().Remaining);
    }

    [Fact]
    public void Observe_OlderResponseAfterANewerOne_TheNewerRemainingStands()
    {
        var key = new KeyUnderTest();
        var first = key.SendNow();
        var second = key.SendNow();

        key.Answer(second, HttpStatusCode.OK, ("X-RateLimit-Remaining", "5"), ("X-RateLimit-Reset", "60"));
        key.Answer(first, HttpStatusCode.OK, ("X-RateLimit-Remaining", "9"), ("X-RateLimit-Reset", "50"));

        // The newer report stands. The first request was in flight when it came; its answer saw more remaining, so the
        // server had counted it before that report: nothing more is held back for it.
        var state = key.Limit.Snapshot();
        Assert.Equal((5, key.Start.AddSeconds(60)), (state.Remaining, state.ResetsAt));
    }

    [Fact]
    public void Observe_OlderResponseCountedAfterTheNewerOne_TakesOneFromTheRemaining()
    {
        var key = new KeyUnderTest();
        var first = key.SendNow();
        var second = key.SendNow();
        key.Answer(second, HttpStatusCode.OK, ("X-RateLimit-Remaining", "5"), ("X-RateLimit-Reset", "60"));
        var whileInFlight = key.Limit.Snapshot().Remaining;

        // The first request's answer saw fewer remaining: the server counted it after the newer report.
        key.Answer(first, HttpStatusCode.OK, ("X-RateLimit-Remaining", "4"), ("X-RateLimit-Reset", "60"));

        Assert.Equal(4, whileInFlight);
        Assert.Equal(4, key.Limit.Snapshot().Remaining);
    }

    [Fact]
    public void Observe_NewerResponseCountedBeforeAnOlderOneAlreadySeen_DoesNotRaiseTheRemaining()
    {
        var key = new KeyUnderTest();
        var first = key.SendNow();
        var second = key.SendNow();

        // The server counted the second request first (6 left), then the first (5 left), but the first's answer came first.
        key.Answer(first, HttpStatusCode.OK, ("X-RateLimit-Remaining", "5"), ("X-RateLimit-Reset", "60"));
        key.Answer(second, HttpStatusCode.OK, ("X-RateLimit-Remaining", "6"), ("X-RateLimit-Reset", "60"));

        Assert.Equal(5, key.Limit.Snapshot().Remaining);
    }

    // Ending an answered attempt and reading its answer are one step: ended first, on its own, another answer's report in
    // between would no longer count it as in flight, and its own answer would then take back a place it never held.
    [Fact]
    public void Observe_AnswersArriveWhileAnotherIsInFlight_TheAnsweredAttemptEndsWithItsObservation()
    {
        var key = new KeyUnderTest();
        var first = key.SendNow();
        var second = key.SendNow();
        key.SendNow(); // still in flight at the end

        // The server counted the first before the second; the second's answer is read first. Nothing but reading the
        // answer ends an attempt here (KeyUnderTest.Answer), as in the per-attempt step.
        key.Answer(second, HttpStatusCode.OK, ("X-RateLimit-Remaining", "8"), ("X-RateLimit-Reset", "60"));
        key.Answer(first, HttpStatusCode.OK, ("X-RateLimit-Remaining", "9"), ("X-RateLimit-Reset", "60"));

        // 8 remained after the second; the third may have been counted since.
        Assert.Equal(7, key.Limit.Snapshot().Remaining);
    }

    // Compared with what the report said, not with what is left of it: after two older answers counted after the report,
    // a third one (99) is above what is left (98) though the server counted it after the report too.
    [Fact]
    public void Observe_OlderResponsesCountedAfterTheReportArriveLowestFirst_EachTakesOneFromTheRemaining()
    {
        var key = new KeyUnderTest();
        var (first, second, third) = (key.SendNow(), key.SendNow(), key.SendNow());
        var reporting = key.SendNow();

        key.Answer(reporting, HttpStatusCode.OK, ("X-RateLimit-Remaining", "100"), ("X-RateLimit-Reset", "60"));
        key.Answer(third, HttpStatusCode.OK, ("X-RateLimit-Remaining", "97"), ("X-RateLimit-Reset", "60"));
        key.Answer(second, HttpStatusCode.OK, ("X-RateLimit-Remaining", "98"), ("X-RateLimit-Reset", "60"));
        key.Answer(first, HttpStatusCode.OK, ("X-RateLimit-Remaining", "99"), ("X-RateLimit-Reset", "60"));

        Assert.Equal(97, key.Limit.Snapshot().Remaining);
    }

    // Newer requests the server counted before the reporting one see up to as many more remaining as were in flight at
    // the report, in whatever order their answers come.
    [Fact]
    public void Observe_NewerResponsesCountedBeforeTheReportArriveHighestLast_DoNotRaiseTheRemaining()
    {
        var key = new KeyUnderTest();
        var reporting = key.SendNow();
        var (second, third, fourth) = (key.SendNow(), key.SendNow(), key.SendNow());

        key.Answer(reporting, HttpStatusCode.OK, ("X-RateLimit-Remaining", "99"), ("X-RateLimit-Reset", "60"));
        key.Answer(fourth, HttpStatusCode.OK, ("X-RateLimit-Remaining", "100"), ("X-RateLimit-Reset", "60"));
        key.Answer(third, HttpStatusCode.OK, ("X-RateLimit-Remaining", "101"), ("X-RateLimit-Reset", "60"));
        key.Answer(second, HttpStatusCode.OK, ("X-RateLimit-Remaining", "102"), ("X-RateLimit-Reset", "60"));

        Assert.Equal(99, key.Limit.Snapshot().Remaining);
    }

    // The last admitted request overtook the three before it at the server, and its answer came last, after each of theirs
    // had been the freshest report in turn: it was in flight at the latest report, so that report already counted it.
    [Fact]
    public void Observe_NewerResponseCountedFirstAnsweredLast_DoesNotRaiseTheRemaining()
    {
        var key = new KeyUnderTest();
        var (first, second, third, overtaking) = (key.SendNow(), key.SendNow(), key.SendNow(), key.SendNow());

        key.Answer(first, HttpStatusCode.OK, ("X-RateLimit-Remaining", "102"), ("X-RateLimit-Reset", "60"));
        key.Answer(second, HttpStatusCode.OK, ("X-RateLimit-Remaining", "101"), ("X-RateLimit-Reset", "60"));
        key.Answer(third, HttpStatusCode.OK, ("X-RateLimit-Remaining", "100"), ("X-RateLimit-Reset", "60"));
        key.Answer(overtaking, HttpStatusCode.OK, ("X-RateLimit-Remaining", "103"), ("X-RateLimit-Reset", "60"));

        Assert.Equal(100, key.Limit.Snapshot().Remaining);
    }

    // A report stands for what the server had counted when it answered: an answer already read that saw less remaining was
    // counted after it, and is taken from it, though it is no longer in flight.
    [Fact]
    public void Observe_NewerReportAfterAnAnswerCountedLaterWasRead_TakesThatAnswerFromIt()
    {
        var key = new KeyUnderTest();
        var (late, first, second, third) = (key.SendNow(), key.SendNow(), key.SendNow(), key.SendNow());

        // Counted by the server in the order first (103), second (102), third (101), late (100).
        key.Answer(first, HttpStatusCode.OK, ("X-RateLimit-Remaining", "103"), ("X-RateLimit-Reset", "60"));
        key.Answer(late, HttpStatusCode.OK, ("X-RateLimit-Remaining", "100"), ("X-RateLimit-Reset", "60"));
        key.Answer(second, HttpStatusCode.OK, ("X-RateLimit-Remaining", "102"), ("X-RateLimit-Reset", "60"));
        key.Answer(third, HttpStatusCode.OK, ("X-RateLimit-Remaining", "101"), ("X-RateLimit-Reset", "60"));

        Assert.Equal(100, key.Limit.Snapshot().Remaining);
    }

    [Fact]
    public void Observe_NewerResponseInANewWindow_ItsRemainingStands()
    {
        var key = new KeyUnderTest();
        var first = key.SendNow();
        var second = key.SendNow();
        key.Answer(first, HttpStatusCode.OK, ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "2"));

        // The window reset between the two answers: the second was counted in the new one.
        key.Clock.Advance(TimeSpan.FromSeconds(3));
        key.Answer(second, HttpStatusCode.OK, ("X-RateLimit-Remaining", "1"), ("X-RateLimit-Reset", "57"));

        Assert.Equal(1, key.Limit.Snapshot().Remaining);
    }

    [Fact]
    public void TryAdmit_QuotaSpentButClientSideLimitOff_Admitted()
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendNow(), HttpStatusCode.OK, ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "30"));

        var answer = key.Ask(new KeyRateLimit.Turn(), limitOnClient: false);

        Assert.Equal(TimeSpan.Zero, answer.Wait);
    }

    [Fact]
    public void Observe_429SayingNoneRemainsWithoutRetryAfter_WaitsForTheResetNotABackoff()
    {
        var key = new KeyUnderTest();

        key.Answer(key.SendNow(), HttpStatusCode.TooManyRequests, ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "20"));
        var answer = key.Ask(new KeyRateLimit.Turn());

        Assert.Equal((TimeSpan.FromSeconds(20), WaitReason.ServerQuota), answer);
        Assert.Equal(TimeSpan.Zero, key.Limit.RemainingPause());
        Assert.Null(key.Limit.Snapshot().PausedUntil);
    }

    [Fact]
    public void TryAdmit_RetryAfterShorterThanTheQuotaReset_WaitsForTheReset()
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendNow(), HttpStatusCode.TooManyRequests, ("Retry-After", "5"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "30"));
        var turn = new KeyRateLimit.Turn();

        var atOnce = key.Ask(turn);
        var pause = key.Limit.RemainingPause();
        key.Clock.Advance(TimeSpan.FromSeconds(30));
        var atTheReset = key.Ask(turn);

        Assert.Equal((TimeSpan.FromSeconds(30), WaitReason.ServerQuota), atOnce);
        Assert.Equal(TimeSpan.FromSeconds(5), pause);
        Assert.Equal(TimeSpan.Zero, atTheReset.Wait);
    }

    [Fact]
    public void TryAdmit_ResetAsUnixSeconds_WaitsUntilThatMoment()
    {
        var key = new KeyUnderTest(start: new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var reset = (key.Start.ToUnixTimeSeconds() + 45).ToString(CultureInfo.InvariantCulture);
        key.Answer(key.SendNow(), HttpStatusCode.OK, ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset));

        var answer = key.Ask(new KeyRateLimit.Turn());

        Assert.Equal((TimeSpan.FromSeconds(45), WaitReason.ServerQuota), answer);
        Assert.Equal(key.Start.AddSeconds(45), key.Limit.Snapshot().ResetsAt);
    }

    [Fact]
    public void TryAdmit_IetfHeadersSayNoneRemains_WaitsUntilTheReset()
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendNow(), HttpStatusCode.OK, ("RateLimit-Policy", "\"default\";q=1000;w=60"), ("RateLimit", "\"default\";r=0;t=12"));

        var answer = key.Ask(new KeyRateLimit.Turn());

        Assert.Equal((TimeSpan.FromSeconds(12), WaitReason.ServerQuota), answer);
    }

    [Fact]
    public void TryAdmit_QuotaSeenComingBackGradually_SpentQuotaIsProbedEveryRequestsWorth()
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendNow(), HttpStatusCode.OK, Ietf(remaining: 1));

        // Two seconds later, long before the stated reset, more remains than before: the server frees its quota as it goes.
        key.Clock.Advance(TimeSpan.FromSeconds(2));
        key.Answer(key.SendNow(), HttpStatusCode.OK, Ietf(remaining: 3));
        key.SendNow();
        key.SendNow();
        key.SendNow();
        var spent = key.Ask(new KeyRateLimit.Turn());
        key.Clock.Advance(TimeSpan.FromMilliseconds(25));
        var probe = key.Ask(new KeyRateLimit.Turn());
        var afterTheProbe = key.Ask(new KeyRateLimit.Turn());

        // 400 per 10 s: a request's worth is back every 25 ms, not all of it in 10 s.
        Assert.Equal((TimeSpan.FromMilliseconds(25), WaitReason.ServerQuota), spent);
        Assert.Equal(TimeSpan.Zero, probe.Wait);
        Assert.Equal((TimeSpan.FromMilliseconds(25), WaitReason.ServerQuota), afterTheProbe);
    }

    [Fact]
    public void TryAdmit_QuotaBackAtItsRoundedReset_SpentQuotaStillWaitsForTheNextReset()
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendNow(), HttpStatusCode.OK, Ietf(remaining: 1));

        // A fixed window that reset within the second its whole-second reset was rounded up by: not a gradual return.
        key.Clock.Advance(TimeSpan.FromSeconds(9.5));
        key.Answer(key.SendNow(), HttpStatusCode.OK, Ietf(remaining: 2));
        key.SendNow();
        key.SendNow();

        Assert.Equal((TimeSpan.FromSeconds(10), WaitReason.ServerQuota), key.Ask(new KeyRateLimit.Turn()));
    }

    [Theory]
    // 3 of 400 after one request: far from whole, as a request rate over a sliding period (an HAProxy stick table) frees
    // its quota as the period goes; a request's worth is back every 25 ms.
    [InlineData(3, 25)]
    // 249 of 400: a window whole again at its reset, of which other clients of the key took 150; the next reset, 10 s on.
    [InlineData(249, 10_000)]
    public void TryAdmit_FirstReportAfterItsStatedReset_SpentQuotaIsProbedIfFarFromWhole_ElseWaitsForTheNextReset(int remaining, int waitMs)
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendNow(), HttpStatusCode.OK, Ietf(remaining: 0));

        key.Clock.Advance(TimeSpan.FromSeconds(10));
        key.Answer(key.SendNow(), HttpStatusCode.OK, Ietf(remaining));
        for (var i = 0; i < remaining; i++)
        {
            key.SendNow();
        }

        Assert.Equal((TimeSpan.FromMilliseconds(waitMs), WaitReason.ServerQuota), key.Ask(new KeyRateLimit.Turn()));
    }

    private static (string Name, string Value)[] Ietf(int remaining) =>
        [("RateLimit-Policy", "\"default\";q=400;w=10"), ("RateLimit", "\"default\";r=" + remaining.ToString(CultureInfo.InvariantCulture) + ";t=10")];
}
