using Telephony.Sdk.Resilience;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Retry;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting;

/// <summary>The public factory of the SDK's default limiter: its argument checks and its behaviour on a fake clock.</summary>
public sealed class SlidingWindowLimiterTests
{
    [Fact]
    public void CreateSlidingWindow_NullPartition_ThrowsArgumentNull()
    {
        var e = Assert.Throws<ArgumentNullException>(() => TelephonyRateLimiters.CreateSlidingWindow(null!, new FakeTimeProvider()));

        Assert.Equal("partition", e.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void CreateSlidingWindow_PermitsNotPositive_ThrowsArgumentOutOfRange(int permits)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => TelephonyRateLimiters.CreateSlidingWindow(Partition(permits, queueLimit: 10), new FakeTimeProvider()));

        Assert.Equal("partition", e.ParamName);
    }

    [Fact]
    public void CreateSlidingWindow_NegativeQueueLimit_ThrowsArgumentOutOfRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => TelephonyRateLimiters.CreateSlidingWindow(Partition(permits: 5, queueLimit: -1), new FakeTimeProvider()));

        Assert.Equal("partition", e.ParamName);
    }

    [Fact]
    public void CreateSlidingWindow_NoTimeProvider_RunsOnTheSystemClock()
    {
        using var limiter = TelephonyRateLimiters.CreateSlidingWindow(Partition(permits: 2, queueLimit: 0));

        using var first = limiter.AttemptAcquire();
        using var second = limiter.AttemptAcquire();
        using var third = limiter.AttemptAcquire();

        Assert.True(first.IsAcquired);
        Assert.True(second.IsAcquired);
        Assert.False(third.IsAcquired);
    }

    [Fact]
    public async Task AcquireAsync_PermitsPerMinuteUsed_NextWaitsAFullMinutePlusOneSecond()
    {
        var clock = new FakeTimeProvider();
        using var limiter = TelephonyRateLimiters.CreateSlidingWindow(Partition(permits: 3, queueLimit: 10), clock);
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 3; i++)
        {
            var granted = limiter.AcquireAsync(1, ct);
            Assert.True(granted.IsCompletedSuccessfully, $"Permit {i + 1} of 3 was not granted at once.");
            Assert.True((await granted).IsAcquired);
        }

        var fourth = limiter.AcquireAsync(1, ct).AsTask();
        for (var second = 0; second < 60; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // A full minute has passed, but a permit comes back only a full window plus one segment after it was used.
        Assert.False(fourth.IsCompleted);
        Assert.Equal(1, limiter.GetStatistics()?.CurrentQueuedCount);

        clock.Advance(TimeSpan.FromSeconds(1));

        using var lease = await fourth.Within();
        Assert.True(lease.IsAcquired);
        Assert.Equal(0, limiter.GetStatistics()?.CurrentQueuedCount);
    }

    [Fact]
    public async Task AcquireAsync_PermitsUsedAcrossTheMinute_EachComesBack61SecondsAfterItWasUsed()
    {
        var clock = new FakeTimeProvider();
        using var limiter = TelephonyRateLimiters.CreateSlidingWindow(Partition(permits: 2, queueLimit: 10), clock);
        var ct = TestContext.Current.CancellationToken;
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        AdvanceSeconds(clock, 30);
        Assert.True(limiter.AttemptAcquire().IsAcquired);

        var third = limiter.AcquireAsync(1, ct).AsTask();
        var fourth = limiter.AcquireAsync(1, ct).AsTask();
        AdvanceSeconds(clock, 30);
        Assert.False(third.IsCompleted);

        AdvanceSeconds(clock, 1);
        Assert.True((await third.Within()).IsAcquired);
        Assert.False(fourth.IsCompleted);

        AdvanceSeconds(clock, 29);
        Assert.False(fourth.IsCompleted);

        AdvanceSeconds(clock, 1);
        Assert.True((await fourth.Within()).IsAcquired);
    }

    [Fact]
    public async Task AcquireAsync_BeyondTheQueueLimit_ReturnsANotAcquiredLeaseAtOnce()
    {
        var clock = new FakeTimeProvider();
        using var limiter = TelephonyRateLimiters.CreateSlidingWindow(Partition(permits: 1, queueLimit: 2), clock);
        var ct = TestContext.Current.CancellationToken;
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        var queued = new[] { limiter.AcquireAsync(1, ct).AsTask(), limiter.AcquireAsync(1, ct).AsTask() };

        var beyond = limiter.AcquireAsync(1, ct);

        Assert.True(beyond.IsCompletedSuccessfully);
        Assert.False((await beyond).IsAcquired);
        Assert.All(queued, q => Assert.False(q.IsCompleted));
        Assert.Equal(2, limiter.GetStatistics()?.CurrentQueuedCount);
        Assert.Equal(1, limiter.GetStatistics()?.TotalFailedLeases);

        // The queued ones are served in order, one per window.
        AdvanceSeconds(clock, 61);
        Assert.True((await queued[0].Within()).IsAcquired);
        Assert.False(queued[1].IsCompleted);
        AdvanceSeconds(clock, 61);
        Assert.True((await queued[1].Within()).IsAcquired);
    }

    [Fact]
    public async Task AcquireAsync_QueueLimitZeroAndNoPermitLeft_ReturnsANotAcquiredLease()
    {
        using var limiter = TelephonyRateLimiters.CreateSlidingWindow(Partition(permits: 1, queueLimit: 0), new FakeTimeProvider());
        Assert.True(limiter.AttemptAcquire().IsAcquired);

        var lease = limiter.AcquireAsync(1, TestContext.Current.CancellationToken);

        Assert.True(lease.IsCompletedSuccessfully);
        Assert.False((await lease).IsAcquired);
    }

    [Fact]
    public async Task Dispose_CallerWaitingInLine_GetsANotAcquiredLease()
    {
        var limiter = TelephonyRateLimiters.CreateSlidingWindow(Partition(permits: 1, queueLimit: 5), new FakeTimeProvider());
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        var waiting = limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();

        limiter.Dispose();

        Assert.False((await waiting.Within()).IsAcquired);
    }

    [Fact]
    public async Task AcquireAsync_CallerCancelsWhileWaiting_LeavesTheLineAndTheNextMovesUp()
    {
        var clock = new FakeTimeProvider();
        using var limiter = TelephonyRateLimiters.CreateSlidingWindow(Partition(permits: 1, queueLimit: 5), clock);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        using var first = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync(1, first.Token).AsTask();
        var next = limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();

        await first.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Within());
        Assert.Equal(1, limiter.GetStatistics()?.CurrentQueuedCount);
        AdvanceSeconds(clock, 61);
        Assert.True((await next.Within()).IsAcquired);
    }

    [Fact]
    public void Settle_PermitOfARefusedRequest_IsFreeAgainAtOnce()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new ClockSlidingWindowRateLimiter(2, TimeSpan.FromMinutes(1), 60, 0, clock);
        var refused = limiter.AttemptAcquire();
        Assert.True(refused.IsAcquired);
        AdvanceSeconds(clock, 10);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);

        limiter.Settle(refused, refused: true);

        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void Settle_RefusedPermitThatAlreadyLeftTheWindow_GivesNothingExtra()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new ClockSlidingWindowRateLimiter(1, TimeSpan.FromMinutes(1), 60, 0, clock);
        var refused = limiter.AttemptAcquire();
        Assert.True(refused.IsAcquired);
        AdvanceSeconds(clock, 61);
        Assert.True(limiter.AttemptAcquire().IsAcquired);

        limiter.Settle(refused, refused: true);

        Assert.False(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void EstimateWait_CallersAlreadyInLine_CountsThemAhead()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new ClockSlidingWindowRateLimiter(2, TimeSpan.FromMinutes(1), 60, 10, clock);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        AdvanceSeconds(clock, 30);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        _ = limiter.AcquireAsync(1, TestContext.Current.CancellationToken);

        // The caller in line takes the permit that returns at 61 s; the next one returns at 91 s, 61 s from now.
        Assert.Equal(TimeSpan.FromSeconds(61), limiter.EstimateWait(1, TimeSpan.FromMinutes(5)));
        Assert.Null(limiter.EstimateWait(1, TimeSpan.FromSeconds(60)));
    }

    // The clock moves on between any two readings; a segment boundary crossed between them once made the wait negative,
    // and the waiter's Task.Delay threw ArgumentOutOfRangeException, which failed the call.
    [Fact]
    public async Task AcquireAsync_ClockCrossesASegmentBetweenTwoReadings_WaitsForThePermitInsteadOfFailing()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new ClockSlidingWindowRateLimiter(1, TimeSpan.FromMinutes(1), 60, 10, clock);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        clock.Advance(TimeSpan.FromSeconds(61) - TimeSpan.FromMilliseconds(25)); // the permit comes back at 61 s

        clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(10);
        var waiting = limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();
        clock.AutoAdvanceAmount = TimeSpan.Zero;
        Assert.False(waiting.IsFaulted, waiting.Exception?.ToString());
        clock.Advance(TimeSpan.FromSeconds(1));

        using var lease = await waiting.Within();
        Assert.True(lease.IsAcquired);
    }

    // Such a request could never be served: it once waited forever at the head of the line, and every caller behind it too.
    [Fact]
    public async Task AcquireAsync_MorePermitsThanTheLimit_ThrowsInsteadOfWaitingForever()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new ClockSlidingWindowRateLimiter(1, TimeSpan.FromMinutes(1), 60, 10, clock);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => limiter.AcquireAsync(2, TestContext.Current.CancellationToken).AsTask().Within());
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(2));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void Settle_RequestAnsweredLaterThanItLeft_ItsPermitComesBackAWindowAfterTheAnswer()
    {
        var clock = new FakeTimeProvider();
        var limiter = (ClockSlidingWindowRateLimiter)TelephonyRateLimiters.CreateSlidingWindow(Partition(permits: 1, queueLimit: 0), clock);
        using var lease = limiter.AttemptAcquire();
        clock.Advance(TimeSpan.FromSeconds(2.5));

        // The server may have counted it as late as 2.5 s: back 61 s after the answer's segment, not after the send's.
        limiter.Settle(lease, refused: false);
        AdvanceSeconds(clock, 60);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void Resize_RaisedLimitSameWindow_UsedPermitsStayCountedAndTheRestAreFree()
    {
        var clock = new FakeTimeProvider();
        var limiter = (ClockSlidingWindowRateLimiter)TelephonyRateLimiters.CreateSlidingWindow(Partition(permits: 3, queueLimit: 0), clock);
        var used = Enumerable.Range(0, 3).Select(_ => limiter.AttemptAcquire()).ToList();

        limiter.Resize(5, TimeSpan.FromMinutes(1));

        Assert.All(used, l => Assert.True(l.IsAcquired));
        Assert.Equal(2, limiter.GetStatistics()!.CurrentAvailablePermits);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void Resize_LoweredBelowWhatIsUsed_NothingFreeUntilEnoughPermitsLeaveTheWindow()
    {
        var clock = new FakeTimeProvider();
        var limiter = (ClockSlidingWindowRateLimiter)TelephonyRateLimiters.CreateSlidingWindow(Partition(permits: 5, queueLimit: 0), clock);
        _ = Enumerable.Range(0, 5).Select(_ => limiter.AttemptAcquire()).ToList();

        limiter.Resize(2, TimeSpan.FromMinutes(1));

        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(61), limiter.EstimateWait(1, TimeSpan.FromMinutes(5)));
        AdvanceSeconds(clock, 61);
        Assert.Equal(2, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public void Resize_NewWindow_PermitsInUseComeBackAWholeNewWindowLater()
    {
        var clock = new FakeTimeProvider();
        var limiter = (ClockSlidingWindowRateLimiter)TelephonyRateLimiters.CreateSlidingWindow(Partition(permits: 100, queueLimit: 0), clock);
        _ = Enumerable.Range(0, 4).Select(_ => limiter.AttemptAcquire()).ToList();
        clock.Advance(TimeSpan.FromSeconds(30));

        // 10 per 6 seconds: a segment is 0.1 s, and the 4 permits used 30 s ago come back 6.1 s from now.
        limiter.Resize(10, TimeSpan.FromSeconds(6));
        var taken = Enumerable.Range(0, 7).Count(_ => limiter.AttemptAcquire().IsAcquired);

        Assert.Equal(6, taken);
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(10, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    private static TelephonyRateLimitPartition Partition(int permits, int queueLimit) =>
        new(new string('a', 64), IsPublishable: false, permits, queueLimit);

    private static void AdvanceSeconds(FakeTimeProvider clock, int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }
    }
}
