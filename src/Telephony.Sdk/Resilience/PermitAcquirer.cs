using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Diagnostics;

namespace Telephony.Sdk.Resilience;

/// <summary>
/// Takes a permit from the key's limiter for every attempt (the server counts retries too). A call whose wait would
/// outlast its time budget fails at once, without touching the network.
/// </summary>
internal sealed class PermitAcquirer(
    TimeProvider timeProvider, TimeSpan totalTimeout, TelephonyTelemetry telemetry, ILogger logger)
{
    /// <exception cref="TelephonyRateLimitException">The wait would outlast the call's budget, or the queue is full.</exception>
    public async ValueTask<RateLimitLease> AcquireAsync(ResilienceContext context, KeyThrottle throttle, HttpRequestMessage? request)
    {
        // The SDK's own limiter grants a free permit at once, under one lock: no wait to estimate, nothing to record.
        var limiter = throttle.Limiter as ClockSlidingWindowRateLimiter;
        if (limiter?.TryAcquireNow(1) is { } immediate)
        {
            return immediate;
        }

        if (limiter is not null && limiter.EstimateWait(1, CallBudget.Remaining(context, timeProvider, totalTimeout)) is null)
        {
            ResilienceLog.RejectedBeforeSending(logger, request?.Method.Method ?? "?", request?.RequestUri?.AbsolutePath, "the rate-limit wait outlasts the call's time budget", ApiKeyRedaction.Of(request));
            throw ClientSideRejection.PermitWait();
        }

        var started = timeProvider.GetTimestamp();
        var lease = await throttle.Limiter.AcquireAsync(1, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            ResilienceLog.RejectedBeforeSending(logger, request?.Method.Method ?? "?", request?.RequestUri?.AbsolutePath, "the rate-limit queue is full", ApiKeyRedaction.Of(request));
            throw ClientSideRejection.QueueFull();
        }

        var waited = timeProvider.GetElapsedTime(started);
        if (waited > TimeSpan.Zero)
        {
            telemetry.WaitedForPermit(request, waited);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                ResilienceLog.WaitedForPermit(logger, waited.TotalMilliseconds, ApiKeyRedaction.Of(request));
            }
        }

        return lease;
    }
}
