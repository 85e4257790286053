namespace Telephony.Sdk.Testing.RateLimiting;

/// <summary>
/// Time since the limiter was created, in <see cref="TimeSpan"/> ticks, read from the injected clock's monotonic
/// timestamp so that a change of wall-clock time never moves a window.
/// </summary>
internal sealed class ElapsedClock(TimeProvider timeProvider)
{
    private readonly long _origin = timeProvider.GetTimestamp();

    public long Now => timeProvider.GetElapsedTime(_origin).Ticks;
}
