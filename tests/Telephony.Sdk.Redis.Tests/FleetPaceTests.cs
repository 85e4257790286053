namespace Telephony.Sdk.Redis.Tests;

/// <summary>
/// The key-wide pace's own rules, in process: how a 429's reports from several instances become one pace for the key,
/// and how the pace grows back after the pause. Times are given, so nothing waits.
/// </summary>
public sealed class FleetPaceTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rate_HoldsThroughThePause_ThenGrowsBackToTheRateThatMetThe429()
    {
        var pace = new FleetPace();
        Assert.Null(pace.Rate(Start));

        Assert.True(pace.Adopt(7, Start, resumeAt: Start.AddSeconds(2)));

        Assert.Equal(7, pace.Rate(Start.AddSeconds(1))!.Value, 6);

        // CUBIC is back at the rate that met the 429 (7 / 0.7) K = cbrt(10 x 0.3 / 0.4) seconds after the pause.
        var k = TimeSpan.FromSeconds(Math.Cbrt(10 * 0.3 / 0.4));
        Assert.InRange(pace.Rate(Start.AddSeconds(2) + (k / 2))!.Value, 7.01, 9.99);
        Assert.Equal(10, pace.Rate(Start.AddSeconds(2) + k)!.Value, 6);
    }

    [Fact]
    public void Rate_EndsWhenAMinutePassesWithoutA429()
    {
        var pace = new FleetPace();
        pace.Adopt(7, Start, Start);

        Assert.NotNull(pace.Rate(Start.AddSeconds(59)));
        Assert.Null(pace.Rate(Start + FleetPace.Kept));
    }

    [Fact]
    public void Adopt_PacesReportedForOneFullServer_TheFastestHolds_ThenTheLatest()
    {
        var pace = new FleetPace();
        Assert.True(pace.Adopt(5, Start, Start));
        var epoch = pace.Epoch;

        // Reports of the same 429 within a second: a slower one counted fewer of the fleet's requests.
        Assert.True(pace.Adopt(8, Start.AddMilliseconds(100), Start));
        Assert.False(pace.Adopt(6, Start.AddMilliseconds(200), Start));
        Assert.False(pace.Adopt(7, Start.AddMilliseconds(-50), Start));
        Assert.Equal(8, pace.Rate(Start.AddMilliseconds(100))!.Value, 6);
        Assert.Equal(epoch + 1, pace.Epoch);

        // A later 429 is news: its pace holds, slower or not; an older one is not.
        Assert.True(pace.Adopt(4, Start.AddSeconds(3), Start.AddSeconds(3)));
        Assert.False(pace.Adopt(9, Start.AddSeconds(1.5), Start.AddSeconds(1.5)));
        Assert.Equal(4, pace.Rate(Start.AddSeconds(3))!.Value, 6);
    }

    [Fact]
    public void Decrease_SoonAfterTheLastOne_OrSoonAfterThePause_IsAnsweredAlready()
    {
        var pace = new FleetPace();
        pace.Adopt(10, Start, resumeAt: Start.AddSeconds(2));

        Assert.Null(pace.Decrease(3, Start.AddMilliseconds(500)));
        Assert.Null(pace.Decrease(3, Start.AddSeconds(2.5)));

        // Later, the pace drops to 0.7 times what the fleet was going at, whatever the instance measured for its share.
        var at = Start.AddSeconds(3.5);
        var going = pace.Rate(at)!.Value;
        Assert.Equal(0.7 * going, pace.Decrease(100, at)!.Value, 6);
        Assert.Equal(0.7 * going, pace.Decrease(0.5, at)!.Value, 6);
    }

    [Fact]
    public void Decrease_WithoutAPace_ServerStatesItsRate_IsBetaTimesThatRate_NotTheFleetsColdStartCount()
    {
        var pace = new FleetPace();
        var at = Start.AddMilliseconds(400);

        Assert.Equal(3, pace.Decrease(3, at)!.Value, 6);
        Assert.Equal(0.7 * 40, pace.Decrease(3, at, statedRate: 40)!.Value, 6);

        // Once a pace holds, the next 429 lowers it from there, stated rate or not: a server that keeps refusing is followed down.
        pace.Adopt(28, at, at.AddSeconds(1));
        var later = at.AddSeconds(3);
        Assert.Equal(0.7 * pace.Rate(later)!.Value, pace.Decrease(3, later, statedRate: 40)!.Value, 6);
    }

    [Fact]
    public void Decrease_WithoutAPace_AndNoRequestCounted_IsTheInstancePace()
    {
        Assert.Equal(3, new FleetPace().Decrease(3, Start)!.Value, 6);
    }
}
