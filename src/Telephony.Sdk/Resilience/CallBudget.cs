using Polly;

namespace Telephony.Sdk.Resilience;

/// <summary>
/// When the whole call started, so that inner steps know how much of <see cref="TelephonyResilienceOptions.TotalTimeout"/>
/// is left before they decide to wait.
/// </summary>
internal static class CallBudget
{
    private static readonly ResiliencePropertyKey<long> StartedAt = new("Telephony.CallStartedAt");

    /// <summary>Starts the call's clock at its first attempt; later attempts leave it running.</summary>
    public static void Start(ResilienceContext context, TimeProvider timeProvider)
    {
        if (!context.Properties.TryGetValue(StartedAt, out _))
        {
            context.Properties.Set(StartedAt, timeProvider.GetTimestamp());
        }
    }

    public static TimeSpan Remaining(ResilienceContext context, TimeProvider timeProvider, TimeSpan total) =>
        context.Properties.TryGetValue(StartedAt, out var startedAt)
            ? total - timeProvider.GetElapsedTime(startedAt)
            : total;
}
