using Telephony.Sdk.Resilience;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Retry;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting.Adaptive;

/// <summary>
/// The pace learnt from 429s: 70% of the rate the server accepted lately (or of the key's known limit when it accepted
/// nothing lately), CUBIC's regrowth from the end of the pause, and the token bucket that spaces callers.
/// </summary>
public sealed class AdaptivePaceTests
{
    // The documented secret-key limit per second: what a 429 is measured against when nothing was accepted lately.
    private const double KnownRate = 1000 / 60.0;

    // A hundred requests accepted in one instant weigh 100 over the 5-second window: 20 per second.
    private const int AcceptedAtTwentyPerSecond = 100;

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rate_No429Yet_NotPaced()
    {
        var pace = new AdaptivePace();
        Accept(pace, 20, T0);

        Assert.Null(pace.Rate(T0));
        Assert.Null(pace.Reserve(T0));
        Assert.Equal(TimeSpan.Zero, Wait(pace, T0));
    }

    [Fact]
    public void Adopt_NotPacedHere_GoesAtTheSharedPaceFromNow_ThenGrows()
    {
        var pace = new AdaptivePace();

        Assert.True(pace.Adopt(3, T0));

        Assert.Equal(3, pace.Rate(T0)!.Value, 9);
        Assert.True(pace.Rate(T0 + TimeSpan.FromSeconds(5)) > 3);
    }

    [Fact]
    public void Adopt_FasterThanThePaceHere_IsIgnored()
    {
        var pace = new AdaptivePace();
        Accept(pace, AcceptedAtTwentyPerSecond, T0);
        pace.Decrease(T0, T0, T0, KnownRate);
        var before = pace.Rate(T0)!.Value;

        Assert.False(pace.Adopt(before + 1, T0));
        Assert.Equal(before, pace.Rate(T0)!.Value, 9);
        Assert.True(pace.Adopt(before / 2, T0));
        Assert.Equal(before / 2, pace.Rate(T0)!.Value, 9);
    }

    [Fact]
    public void Decrease_HundredAcceptedInTheSameInstant_PaceIs70PercentOfTwentyPerSecond()
    {
        var pace = new AdaptivePace();
        Accept(pace, AcceptedAtTwentyPerSecond, T0);

        Assert.True(pace.Decrease(T0, T0, T0, KnownRate));

        Assert.Equal(14.0, pace.Rate(T0)!.Value, 1e-9);
    }

    [Fact]
    public void Decrease_AcceptedFiveSecondsBefore_WeighOneOverE()
    {
        var pace = new AdaptivePace();
        Accept(pace, 10, T0);
        var at = T0.AddSeconds(5);

        pace.Decrease(at, T0, at, KnownRate);

        Assert.Equal(0.7 * (10 / Math.E) / 5, pace.Rate(at)!.Value, 1e-9);
    }

    [Fact]
    public void Decrease_NothingAccepted_PaceIs70PercentOfTheKnownRate()
    {
        var pace = new AdaptivePace();

        pace.Decrease(T0, T0, T0, KnownRate);

        Assert.Equal(0.7 * KnownRate, pace.Rate(T0)!.Value, 1e-9);
    }

    [Fact]
    public void Decrease_WeightedAcceptedCountBelowOne_PaceIs70PercentOfTheKnownRate()
    {
        // Three accepted ten seconds ago weigh 3/e² ≈ 0.41: too few to measure the server by.
        var pace = new AdaptivePace();
        Accept(pace, 3, T0);
        var at = T0.AddSeconds(10);

        pace.Decrease(at, at, at, KnownRate);

        Assert.Equal(0.7 * KnownRate, pace.Rate(at)!.Value, 1e-9);
    }

    [Fact]
    public void Decrease_WeightedAcceptedCountOfOne_PaceIs70PercentOfOneInFiveSeconds()
    {
        var pace = new AdaptivePace();
        Accept(pace, 1, T0);

        pace.Decrease(T0, T0, T0, KnownRate);

        Assert.Equal(0.7 * 1 / 5, pace.Rate(T0)!.Value, 1e-9);
    }

    [Fact]
    public void Decrease_KnownRateBelowTheFloor_PaceIsTheSlowestOneRequestPer20Seconds()
    {
        var pace = new AdaptivePace();

        pace.Decrease(T0, T0, T0, knownRate: 1 / 60.0);

        Assert.Equal(0.05, pace.Rate(T0)!.Value, 1e-9);
        Assert.Equal(TimeSpan.Zero, Wait(pace, T0));
        Assert.Equal(20.0, Wait(pace, T0).TotalSeconds, 1e-6);
    }

    [Fact]
    public void Rate_AfterDecrease_GrowsAlongTheCubicCurveBackToThePeak()
    {
        var pace = new AdaptivePace();
        Accept(pace, AcceptedAtTwentyPerSecond, T0);
        pace.Decrease(T0, T0, T0, KnownRate);
        // K = cbrt(20 * 0.3 / 0.4) = cbrt(15): the curve is back at the accepted rate that met the 429.
        var k = Math.Pow(15, 1.0 / 3);

        var halfway = pace.Rate(T0.AddSeconds(k / 2))!.Value;
        var atK = pace.Rate(T0.AddSeconds(k))!.Value;

        Assert.Equal(20 - (0.4 * 15 / 8), halfway, 1e-3);
        Assert.Equal(20.0, atK, 1e-3);
    }

    [Fact]
    public void Rate_DecreaseWithAPause_StaysAt70PercentUntilThePauseEndsThenGrowsFromThere()
    {
        var pace = new AdaptivePace();
        var resume = T0.AddSeconds(10);
        pace.Decrease(T0, T0, resume, knownRate: 20);
        var k = Math.Pow(15, 1.0 / 3);

        var atTheDecrease = pace.Rate(T0)!.Value;
        var justBeforeResume = pace.Rate(resume.AddMilliseconds(-1))!.Value;
        var atResume = pace.Rate(resume)!.Value;
        var halfway = pace.Rate(resume.AddSeconds(k / 2))!.Value;
        var atK = pace.Rate(resume.AddSeconds(k))!.Value;

        // The curve's clock starts when the pause ends, not at the 429: ten seconds of pause are not ten seconds of growth.
        Assert.Equal(14.0, atTheDecrease, 1e-9);
        Assert.Equal(14.0, justBeforeResume, 1e-9);
        Assert.Equal(14.0, atResume, 1e-9);
        Assert.Equal(20 - (0.4 * 15 / 8), halfway, 1e-3);
        Assert.Equal(20.0, atK, 1e-3);
    }

    [Fact]
    public void Rate_CurveReachesTenTimesThePeakWhileTheServerAcceptsIt_PacingStops()
    {
        var pace = new AdaptivePace();
        Accept(pace, AcceptedAtTwentyPerSecond, T0);
        pace.Decrease(T0, T0, T0, KnownRate);
        // 0.4 (t - K)^3 = 9 * 20 at t = K + cbrt(450): about 10.13 seconds after the decrease; the server accepting a
        // thousand just before keeps the curve from being held at twice the accepted rate.
        var end = T0.AddSeconds(Math.Pow(15, 1.0 / 3) + Math.Pow(450, 1.0 / 3));
        Accept(pace, 1000, end.AddMilliseconds(-60));

        var justBefore = pace.Rate(end.AddMilliseconds(-50));
        var after = pace.Rate(end.AddMilliseconds(10));

        Assert.InRange(justBefore!.Value, 190, 200);
        Assert.Null(after);
        Assert.Null(pace.Reserve(end.AddSeconds(1)));
    }

    [Fact]
    public void Rate_CurveGrowsButNothingIsAccepted_HeldAtThePeak()
    {
        var pace = new AdaptivePace();
        Accept(pace, AcceptedAtTwentyPerSecond, T0);
        pace.Decrease(T0, T0, T0, KnownRate);

        // Ten seconds on the curve alone would be at about 190 per second; twice what was accepted lately is less than the
        // peak, so the pace stays at the peak: growth nobody tested does not run ahead.
        var rate = pace.Rate(T0.AddSeconds(10));

        Assert.Equal(20.0, rate!.Value, 1e-9);
    }

    [Fact]
    public void Reserve_CallersRightAfterDecrease_OneGoesAtOnceTheOthersOneOverTheRateApart()
    {
        var pace = new AdaptivePace();
        Accept(pace, AcceptedAtTwentyPerSecond, T0);
        pace.Decrease(T0, T0, T0, KnownRate);

        var waits = Enumerable.Range(0, 5).Select(_ => Wait(pace, T0).TotalSeconds).ToList();

        // 14 per second: the first goes at once, the n-th n/14 of a second later.
        Assert.Equal(5, waits.Count);
        Assert.All(waits.Select((wait, i) => (wait, i)), s => Assert.Equal(s.i / 14.0, s.wait, 1e-6));
    }

    [Fact]
    public void Reserve_CallersWhenAPauseEnds_NoCreditSavedDuringThePause()
    {
        var pace = new AdaptivePace();
        var resume = T0.AddSeconds(10);
        pace.Decrease(T0, T0, resume, knownRate: 20);

        var waits = Enumerable.Range(0, 5).Select(_ => Wait(pace, resume).TotalSeconds).ToList();

        // Ten seconds of pause at 14 per second would fill the bucket (7 at once); none of it accrued: one goes, then 1/14 apart.
        Assert.Equal(5, waits.Count);
        Assert.All(waits.Select((wait, i) => (wait, i)), s => Assert.Equal(s.i / 14.0, s.wait, 1e-6));
    }

    [Fact]
    public void Reserve_CallersAfterAQuietSpell_AtMostHalfASecondOfThePaceAtOnce()
    {
        var pace = new AdaptivePace();
        Accept(pace, AcceptedAtTwentyPerSecond, T0);
        pace.Decrease(T0, T0, T0, KnownRate);
        var later = T0.AddSeconds(2);
        var rate = pace.Rate(later)!.Value;

        var waits = Enumerable.Range(0, 12).Select(_ => Wait(pace, later).TotalSeconds).ToList();

        // About 19.96 per second two seconds on: a bucket of 9.98 lets 9 go now, then one every 1/rate.
        Assert.Equal(9, waits.Count(w => w == 0));
        Assert.All(waits.Skip(9).Zip(waits.Skip(10)), p => Assert.Equal(1 / rate, p.Second - p.First, 1e-6));
        Assert.Equal((10 - (rate / 2)) / rate, waits[9], 1e-6);
    }

    [Fact]
    public void Decrease_ForRequestSentBeforeTheLastDecrease_IgnoredAndPaceUnchanged()
    {
        var pace = new AdaptivePace();
        Accept(pace, 10, T0);
        pace.Decrease(T0.AddMilliseconds(500), T0, T0.AddMilliseconds(500), KnownRate);
        var at = T0.AddSeconds(1);
        var before = pace.Rate(at);

        var lowered = pace.Decrease(at, T0.AddMilliseconds(200), at, KnownRate);

        Assert.False(lowered);
        Assert.Equal(before, pace.Rate(at));
    }

    [Fact]
    public void Epoch_Decreases_ChangesAtEachAcceptedDecreaseOnly()
    {
        var pace = new AdaptivePace();
        var initial = pace.Epoch;
        pace.Decrease(T0.AddSeconds(1), T0, T0.AddSeconds(1), KnownRate);
        var afterFirst = pace.Epoch;

        Assert.False(pace.Decrease(T0.AddSeconds(2), T0.AddMilliseconds(500), T0.AddSeconds(2), KnownRate));
        var afterIgnored = pace.Epoch;
        Assert.True(pace.Decrease(T0.AddSeconds(3), T0.AddSeconds(2), T0.AddSeconds(3), KnownRate));

        Assert.Equal(0, initial);
        Assert.Equal(1, afterFirst);
        Assert.Equal(1, afterIgnored);
        Assert.Equal(2, pace.Epoch);
    }

    [Fact]
    public void Decrease_ForRequestSentAfterTheLastDecrease_LowersThePaceAgain()
    {
        var pace = new AdaptivePace();
        Accept(pace, 10, T0);
        pace.Decrease(T0, T0, T0, KnownRate);
        var at = T0.AddSeconds(2);
        pace.Accepted(T0.AddSeconds(1));

        var lowered = pace.Decrease(at, T0.AddSeconds(1), at, KnownRate);

        // What was accepted, weighed now: ten two seconds ago and one a second ago, over the 5-second window.
        Assert.True(lowered);
        Assert.Equal(0.7 * ((10 * Math.Exp(-2 / 5.0)) + Math.Exp(-1 / 5.0)) / 5, pace.Rate(at)!.Value, 1e-9);
    }

    [Fact]
    public void Reserve_AfterAnotherDecreaseWhileCallersHoldPlaces_TheNewLineStartsWithOneAtOnce()
    {
        var pace = new AdaptivePace();
        pace.Decrease(T0, T0, T0, knownRate: 20);
        var heldBefore = Enumerable.Range(0, 5).Select(_ => Wait(pace, T0).TotalSeconds).ToList();
        var at = T0.AddMilliseconds(100);
        Assert.True(pace.Decrease(at, T0.AddMilliseconds(50), at, knownRate: 20));

        var waits = Enumerable.Range(0, 3).Select(_ => Wait(pace, at).TotalSeconds).ToList();

        // Five places were taken before the decrease, the last 4/14 s out; the new line ignores them (they are void).
        Assert.Equal(4 / 14.0, heldBefore[^1], 1e-6);
        Assert.Equal(3, waits.Count);
        Assert.All(waits.Select((wait, i) => (wait, i)), s => Assert.Equal(s.i / 14.0, s.wait, 1e-6));
    }

    [Fact]
    public void WaitFor_PaceGrowsWhileACallerWaits_TheCallerLeavesSooner()
    {
        var pace = new AdaptivePace();
        Accept(pace, AcceptedAtTwentyPerSecond, T0);
        pace.Decrease(T0, T0, T0, KnownRate);
        var places = Enumerable.Range(0, 14).Select(_ => pace.Reserve(T0)!.Value).ToList();
        var waitAtFirst = pace.WaitFor(places[^1], T0);

        // Half a second on, half a second of credit at the grown pace has accrued: what is left is less than half a second short.
        var halfway = T0.AddMilliseconds(500);
        var grown = 20 + (0.4 * Math.Pow(0.5 - Math.Pow(15, 1.0 / 3), 3));
        var waitLater = pace.WaitFor(places[^1], halfway);

        Assert.Equal(13 / 14.0, waitAtFirst.TotalSeconds, 1e-6);
        Assert.Equal((13 - (0.5 * grown)) / grown, waitLater.TotalSeconds, 1e-6);
        Assert.True(waitLater < waitAtFirst - TimeSpan.FromMilliseconds(500), $"{waitLater} after half a second of {waitAtFirst}");
    }

    private static TimeSpan Wait(AdaptivePace pace, DateTimeOffset at) =>
        pace.Reserve(at) is { } place ? pace.WaitFor(place, at) : TimeSpan.Zero;

    private static void Accept(AdaptivePace pace, int count, DateTimeOffset at)
    {
        for (var i = 0; i < count; i++)
        {
            pace.Accepted(at);
        }
    }
}
