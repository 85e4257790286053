using Telephony.Sdk.Resilience;

namespace Telephony.Sdk.Tests.Resilience.Adaptive;

/// <summary>The pace learnt from 429s: CUBIC's drop and regrowth, and the token bucket that spaces callers.</summary>
public sealed class AdaptivePaceTests
{
    // The documented secret-key limit per second: what a 429 is measured against when nothing was accepted lately.
    private const double KnownRate = 1000 / 60.0;

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rate_No429Yet_NotPaced()
    {
        var pace = new AdaptivePace();
        SendBurst(pace, 20, T0);

        Assert.Null(pace.Rate(T0));
        Assert.Null(pace.Reserve(T0));
        Assert.Equal(TimeSpan.Zero, Wait(pace, T0));
    }

    [Fact]
    public void Decrease_AfterBurstAtOneInstant_PaceIs70PercentOfTheSendRate()
    {
        var pace = new AdaptivePace();
        SendBurst(pace, 20, T0);

        Assert.True(pace.Decrease(T0, T0, T0, KnownRate));

        Assert.Equal(14.0, pace.Rate(T0)!.Value, 1e-9);
    }

    [Fact]
    public void Decrease_SendsOneSecondBefore_WeighOneOverE()
    {
        var pace = new AdaptivePace();
        SendBurst(pace, 10, T0);

        pace.Decrease(T0.AddSeconds(1), T0, T0.AddSeconds(1), KnownRate);

        Assert.Equal(0.7 * 10 / Math.E, pace.Rate(T0.AddSeconds(1))!.Value, 1e-9);
    }

    [Fact]
    public void Decrease_NothingSent_PaceIsTheSlowestOneRequestPer20Seconds()
    {
        var pace = new AdaptivePace();

        pace.Decrease(T0, T0, T0, KnownRate);

        Assert.Equal(0.05, pace.Rate(T0)!.Value, 1e-9);
        Assert.Equal(20.0, Wait(pace, T0).TotalSeconds, 1e-6);
    }

    [Fact]
    public void Rate_AfterDecrease_GrowsAlongTheCubicCurveBackToThePeak()
    {
        var pace = new AdaptivePace();
        SendBurst(pace, 20, T0);
        pace.Decrease(T0, T0, T0, KnownRate);
        // K = cbrt(20 * 0.3 / 0.4) = cbrt(15): the curve is back at the send rate that met the 429.
        var k = Math.Cbrt(15);

        var halfway = pace.Rate(T0.AddSeconds(k / 2))!.Value;
        var atK = pace.Rate(T0.AddSeconds(k))!.Value;

        Assert.Equal(20 - (0.4 * 15 / 8), halfway, 1e-3);
        Assert.Equal(20.0, atK, 1e-3);
    }

    [Fact]
    public void Rate_CurveReachesTenTimesThePeak_PacingStops()
    {
        var pace = new AdaptivePace();
        SendBurst(pace, 20, T0);
        pace.Decrease(T0, T0, T0, KnownRate);
        // 0.4 (t - K)^3 = 9 * 20 at t = K + cbrt(450): about 10.13 seconds after the decrease.
        var end = T0.AddSeconds(Math.Cbrt(15) + Math.Cbrt(450));

        var justBefore = pace.Rate(end.AddMilliseconds(-50));
        var after = pace.Rate(end.AddMilliseconds(10));

        Assert.InRange(justBefore!.Value, 190, 200);
        Assert.Null(after);
        Assert.Null(pace.Reserve(end.AddSeconds(1)));
    }

    [Fact]
    public void Reserve_CallersRightAfterDecrease_SlotsOneOverTheRateApart()
    {
        var pace = new AdaptivePace();
        SendBurst(pace, 20, T0);
        pace.Decrease(T0, T0, T0, KnownRate);

        var waits = Enumerable.Range(0, 5).Select(_ => Wait(pace, T0)).ToList();

        // 14 per second: nobody goes at once, the n-th caller n/14 of a second later.
        Assert.Equal(5, waits.Count);
        Assert.All(waits.Select((wait, i) => (wait, i)), s => Assert.Equal((s.i + 1) / 14.0, s.wait.TotalSeconds, 1e-6));
    }

    [Fact]
    public void Reserve_CallersAfterAQuietSpell_AtMostHalfASecondOfThePaceAtOnce()
    {
        var pace = new AdaptivePace();
        SendBurst(pace, 20, T0);
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
        SendBurst(pace, 10, T0);
        pace.Decrease(T0.AddMilliseconds(500), T0, T0.AddMilliseconds(500), KnownRate);
        var at = T0.AddSeconds(1);
        var before = pace.Rate(at);

        var lowered = pace.Decrease(at, T0.AddMilliseconds(200), at, KnownRate);

        Assert.False(lowered);
        Assert.Equal(before, pace.Rate(at));
    }

    [Fact]
    public void Decrease_ForRequestSentAfterTheLastDecrease_LowersThePaceAgain()
    {
        var pace = new AdaptivePace();
        SendBurst(pace, 10, T0);
        pace.Decrease(T0, T0, T0, KnownRate);
        var at = T0.AddSeconds(2);
        pace.Accepted(T0.AddSeconds(1));

        var lowered = pace.Decrease(at, T0.AddSeconds(1), at, KnownRate);

        // The send rate now: ten sends two seconds ago and one a second ago, decayed.
        Assert.True(lowered);
        Assert.Equal(0.7 * ((10 * Math.Exp(-2)) + Math.Exp(-1)), pace.Rate(at)!.Value, 1e-9);
    }

    [Fact]
    public void WaitFor_PaceGrowsWhileACallerWaits_TheCallerLeavesSooner()
    {
        var pace = new AdaptivePace();
        SendBurst(pace, 20, T0);
        pace.Decrease(T0, T0, T0, KnownRate);
        var places = Enumerable.Range(0, 14).Select(_ => pace.Reserve(T0)!.Value).ToList();
        var waitAtFirst = pace.WaitFor(places[^1], T0);

        // Half a second on the pace has grown: the last in line's remaining wait is less than the half second that passed implies.
        var halfway = T0.AddMilliseconds(500);
        var waitLater = pace.WaitFor(places[^1], halfway);

        Assert.Equal(1.0, waitAtFirst.TotalSeconds, 1e-6);
        Assert.True(waitLater < waitAtFirst - TimeSpan.FromMilliseconds(500), $"{waitLater} after half a second of {waitAtFirst}");
    }

    private static TimeSpan Wait(AdaptivePace pace, DateTimeOffset at) =>
        pace.Reserve(at) is { } place ? pace.WaitFor(place, at) : TimeSpan.Zero;

    private static void SendBurst(AdaptivePace pace, int count, DateTimeOffset at)
    {
        for (var i = 0; i < count; i++)
        {
            pace.Accepted(at);
        }
    }
}
