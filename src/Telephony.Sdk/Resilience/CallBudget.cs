using Microsoft.Extensions.Http.Resilience;
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

    /// <summary>The call's whole budget: its own <see cref="TelephonyRequestOptions.Timeout"/>, else the client's <c>TotalTimeout</c>.</summary>
    public static TimeSpan Total(HttpRequestMessage? request, TelephonyResilienceOptions options) =>
        TelephonyRequestOptions.Of(request)?.Timeout ?? options.TotalTimeout;

    public static TimeSpan Remaining(ResilienceContext context, TimeProvider timeProvider, TelephonyResilienceOptions options)
    {
        var total = Total(context.GetRequestMessage(), options);
        return context.Properties.TryGetValue(StartedAt, out var startedAt) ? total - timeProvider.GetElapsedTime(startedAt) : total;
    }
}
