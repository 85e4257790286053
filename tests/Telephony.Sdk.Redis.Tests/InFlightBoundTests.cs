using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.Redis.Tests.Support;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>
/// How many requests an instance keeps in flight while nothing is known of the key's limit: what the documented rate needs
/// over the round trip, doubled, at least one; a request in flight for longer than twice the round trip stops counting.
/// On a fake clock that moves only when told.
/// </summary>
public sealed class InFlightBoundTests
{
    // The documented limit of a secret key, 1000 a minute.
    private const double SecretKeyRate = 1000 / 60.0;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 8, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task BeforeAnyRoundTrip_OneRequestAtATime_TheNextGoingAsTheFirstEnds()
    {
        var bound = new InFlightBound(SecretKeyRate, _clock);
        var first = await bound.EnterAsync(TestContext.Current.CancellationToken);
        var second = bound.EnterAsync(TestContext.Current.CancellationToken).AsTask();
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(20));
        first.End(roundTrip: true);
        Assert.Equal(TimeSpan.FromMilliseconds(20), bound.RoundTrip);
        (await second.Within(TimeSpan.FromSeconds(30))).End(roundTrip: true);
    }

    [Theory]
    [InlineData(3, 1)] // a fast server: one in flight sends 333 a second, twenty times the rate
    [InlineData(150, 5)] // 16.7 a second over 150 ms is 2.5 in flight; doubled, 5
    [InlineData(2000, 67)]
    public async Task Bound_IsTwiceWhatTheRateNeedsOverTheRoundTrip(int roundTripMs, int expected)
    {
        var bound = new InFlightBound(SecretKeyRate, _clock);
        await LearnRoundTripAsync(bound, TimeSpan.FromMilliseconds(roundTripMs));

        Assert.Equal(expected, bound.Bound);
        var inFlight = new List<InFlightBound.Ticket>();
        for (var i = 0; i < expected; i++)
        {
            inFlight.Add(await bound.EnterAsync(TestContext.Current.CancellationToken).AsTask().Within(TimeSpan.FromSeconds(30)));
        }

        var next = bound.EnterAsync(TestContext.Current.CancellationToken).AsTask();
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(next.IsCompleted, $"More than {expected} requests were let in flight.");

        inFlight[0].End(roundTrip: false); // not a round trip: none of the clock's time went by
        await next.Within(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData(10, 20)] // twice the round trip
    [InlineData(null, 1000)] // before any round trip, a second
    public async Task ASlowRequest_NoLongerHoldsTheNext_OnceInFlightLongerThanItCounts(int? roundTripMs, int countedMs)
    {
        var bound = new InFlightBound(SecretKeyRate, _clock);
        if (roundTripMs is { } ms)
        {
            await LearnRoundTripAsync(bound, TimeSpan.FromMilliseconds(ms));
        }

        var slow = await bound.EnterAsync(TestContext.Current.CancellationToken);
        var next = bound.EnterAsync(TestContext.Current.CancellationToken).AsTask();

        _clock.Advance(TimeSpan.FromMilliseconds(countedMs - 1));
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(next.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await next.Within(TimeSpan.FromSeconds(30));
        slow.End(roundTrip: true);
    }

    [Fact]
    public async Task ATimeInFlightHeldByAPause_IsNotARoundTrip()
    {
        var bound = new InFlightBound(SecretKeyRate, _clock);
        var held = await bound.EnterAsync(TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromSeconds(10));
        held.End(roundTrip: false);
        held.End(roundTrip: true); // ended once: a second call changes nothing

        Assert.Null(bound.RoundTrip);
        Assert.Equal(1, bound.Bound);
        (await bound.EnterAsync(TestContext.Current.CancellationToken).AsTask().Within(TimeSpan.FromSeconds(30))).End(roundTrip: true);
    }

    [Fact]
    public async Task AWaitCancelled_Throws_AndTakesNoTurn()
    {
        var bound = new InFlightBound(SecretKeyRate, _clock);
        var first = await bound.EnterAsync(TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();
        var waiting = bound.EnterAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within(TimeSpan.FromSeconds(30)));

        // Had the cancelled wait taken a turn, the next request would wait after the first ends.
        first.End(roundTrip: false);
        await bound.EnterAsync(TestContext.Current.CancellationToken).AsTask().Within(TimeSpan.FromSeconds(30));
    }

    private async Task LearnRoundTripAsync(InFlightBound bound, TimeSpan roundTrip)
    {
        var ticket = await bound.EnterAsync(TestContext.Current.CancellationToken);
        _clock.Advance(roundTrip);
        ticket.End(roundTrip: true);
        Assert.Equal(roundTrip, bound.RoundTrip);
    }
}
