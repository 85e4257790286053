using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.RateLimiting;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Diagnostics;

namespace Telephony.Sdk.Resilience;

/// <summary>
/// Takes a permit from the key's limiter for every attempt (the server counts retries too). A call whose wait would
/// outlast its time budget fails at once, without touching the network.
/// </summary>
internal sealed class PermitAcquirer(
    ThrottleResolver throttles, TimeProvider timeProvider, TimeSpan totalTimeout, TelephonyTelemetry telemetry, ILogger logger)
{
    public async ValueTask<RateLimitLease> AcquireAsync(RateLimiterArguments args)
    {
        var context = args.Context;
        var request = context.GetRequestMessage();
        if (throttles.Resolve(request) is not { } throttle)
        {
            return NoLimit.Lease;
        }

        // The SDK's own limiter grants a free permit at once, under one lock: no wait to estimate, nothing to record.
        var limiter = throttle.Limiter as ClockSlidingWindowRateLimiter;
        if (limiter?.TryAcquireNow(1) is { } immediate)
        {
            return immediate;
        }

        if (limiter is not null && limiter.EstimateWait(1, CallBudget.Remaining(context, timeProvider, totalTimeout)) is null)
        {
            ResilienceLog.RejectedBeforeSending(logger, request?.Method.Method ?? "?", request?.RequestUri?.AbsolutePath, "the rate-limit wait outlasts the call's time budget", Redacted(request));
            throw ClientSideRejection.PermitWait();
        }

        var started = timeProvider.GetTimestamp();
        var lease = await throttle.Limiter.AcquireAsync(1, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            ResilienceLog.RejectedBeforeSending(logger, request?.Method.Method ?? "?", request?.RequestUri?.AbsolutePath, "the rate-limit queue is full", Redacted(request));
            throw ClientSideRejection.QueueFull();
        }

        var waited = timeProvider.GetElapsedTime(started);
        if (waited > TimeSpan.Zero)
        {
            telemetry.WaitedForPermit(request, waited);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                ResilienceLog.WaitedForPermit(logger, waited.TotalMilliseconds, Redacted(request));
            }
        }

        return lease;
    }

    private static string Redacted(HttpRequestMessage? request) => ApiKeyRedaction.Redact(request?.Headers.Authorization?.Parameter);

    /// <summary>The lease of a request that carries no key (nothing to limit); disposing it does nothing.</summary>
    private sealed class NoLimit : RateLimitLease
    {
        public static readonly NoLimit Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
