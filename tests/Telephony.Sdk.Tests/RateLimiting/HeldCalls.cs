using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;
namespace Telephony.Sdk.Tests.RateLimiting;

/// <summary>
/// Calls the SDK holds on an <see cref="ObservableTimeProvider"/>, driven so that the clock moves only once every call
/// has settled (answered, or waiting on a timer): no request is on its way when time passes, so each reaches the server
/// at the moment the SDK let it go. It asserts nothing about time.
/// </summary>
internal static class HeldCalls
{
    /// <summary>Waits (bounded) until each call is answered or waiting on a pending timer of at most <paramref name="longestWait"/>.</summary>
    /// <param name="clock">The clock the calls wait on.</param>
    /// <param name="calls">The calls.</param>
    /// <param name="longestWait">The longest wait a held call may be in; longer timers (the timeouts) are not waits.</param>
    public static Task SettledAsync(this ObservableTimeProvider clock, IReadOnlyCollection<Task> calls, TimeSpan longestWait) =>
        Eventually.TrueAsync(() => calls.Count(c => c.IsCompleted) + clock.PendingOneShotDueTimes.Count(d => d <= longestWait) == calls.Count);

    /// <summary>Advances the clock by <paramref name="step"/>, letting the calls settle after each step, until all are answered.</summary>
    /// <param name="clock">The clock the calls wait on.</param>
    /// <param name="calls">The calls.</param>
    /// <param name="step">How far the clock moves at a time.</param>
    /// <param name="longestWait">The longest wait a held call may be in.</param>
    /// <param name="maxSteps">The most steps to take before failing the test.</param>
    public static async Task StepUntilAnsweredAsync(this ObservableTimeProvider clock, IReadOnlyCollection<Task> calls, TimeSpan step, TimeSpan longestWait, int maxSteps)
    {
        for (var steps = 0; calls.Any(c => !c.IsCompleted); steps++)
        {
            Assert.True(steps < maxSteps, $"{calls.Count(c => !c.IsCompleted)} calls still held after {steps} steps of {step}.");
            clock.Advance(step);
            await clock.SettledAsync(calls, longestWait);
        }
    }
}
