using System.Diagnostics;

namespace Telephony.Sdk.Goodput;

/// <summary>
/// A clock that runs <c>speed</c> times faster than real time, so that a one-minute rate-limit window passes in a
/// fraction of it: the time and the timestamp advance <c>speed</c> times as fast as a real stopwatch, and timers fire
/// after their due time and period divided by <c>speed</c>. One instance is shared by the server and the client, so
/// both see the same scaled time.
/// </summary>
internal sealed class ScaledTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _start = System.GetUtcNow();
    private readonly long _origin = Stopwatch.GetTimestamp();

    public ScaledTimeProvider(double speed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(speed, 1);
        Speed = speed;
    }

    public double Speed { get; }

    public override DateTimeOffset GetUtcNow() => _start + (Stopwatch.GetElapsedTime(_origin) * Speed);

    // TimestampFrequency is the base class's (Stopwatch.Frequency): scaled ticks, counted from the real origin.
    public override long GetTimestamp() => _origin + (long)((Stopwatch.GetTimestamp() - _origin) * Speed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(this, System.CreateTimer(callback, state, ToReal(dueTime), ToReal(period)));

    /// <summary>The real time that a span of this clock's time takes; infinite stays infinite.</summary>
    public TimeSpan ToReal(TimeSpan scaled) => scaled == Timeout.InfiniteTimeSpan ? scaled : scaled / Speed;

    private sealed class ScaledTimer(ScaledTimeProvider clock, ITimer timer) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(clock.ToReal(dueTime), clock.ToReal(period));

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
