using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.RateLimiting;
using Polly.Telemetry;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Diagnostics;

namespace Telephony.Sdk.Resilience;

/// <summary>
/// The per-attempt step for the request's key, inside the retry. First the coordinated backoff: after one request for a
/// key was answered 429 with <c>Retry-After</c>, every request for that key waits until then, so concurrent callers do not
/// each discover the limit on the wire. Then, when the client-side limit is on, a permit from the key's limiter. Both
/// live in one step, one asynchronous layer per attempt rather than two.
/// </summary>
internal sealed class KeyThrottleStrategy(
    ThrottleResolver throttles,
    PermitAcquirer? permits,
    TimeProvider timeProvider,
    TimeSpan totalTimeout,
    TelephonyTelemetry telemetry,
    ResilienceStrategyTelemetry pollyTelemetry,
    ILogger logger) : ResilienceStrategy<HttpResponseMessage>
{
    /// <summary>The event Polly's own rate-limiter step reports when a limiter refuses a permit; kept under the same name.</summary>
    private static readonly ResilienceEvent LimiterRejected = new(ResilienceEventSeverity.Error, "OnRateLimiterRejected");

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        var request = context.GetRequestMessage();
        var throttle = throttles.Resolve(request);
        if (throttle is not null && await HoldForServerBackoffAsync(throttle, request, context).ConfigureAwait(context.ContinueOnCapturedContext) is { } rejected)
        {
            return rejected;
        }

        RateLimitLease? lease = null;
        if (permits is not null && throttle is not null)
        {
            try
            {
                lease = await permits.AcquireAsync(context, throttle, request).ConfigureAwait(context.ContinueOnCapturedContext);
            }
            catch (TelephonyRateLimitException e)
            {
                return Outcome.FromException<HttpResponseMessage>(e);
            }

            if (!lease.IsAcquired)
            {
                return Outcome.FromException<HttpResponseMessage>(Rejected(context, lease));
            }

            // A limiter shared with other processes may have learnt of a backoff while this request waited for its permit.
            if (throttle.SharesBackoff &&
                await HoldForServerBackoffAsync(throttle, request, context).ConfigureAwait(context.ContinueOnCapturedContext) is { } late)
            {
                lease.Dispose();
                return late;
            }
        }

        Outcome<HttpResponseMessage> outcome;
        try
        {
            outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        finally
        {
            lease?.Dispose();
        }

        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response)
        {
            telemetry.RateLimited(request);
            if (throttle is not null && RetryAfterPolicy.Read(response, timeProvider) is { } retryAfter)
            {
                throttle.PauseFor(retryAfter);
            }
        }

        return outcome;
    }

    /// <summary>
    /// Waits until the server's backoff for the key has passed; an outcome (a rejection) instead when it outlasts the
    /// call's time budget, <see langword="null"/> when the request may go.
    /// </summary>
    private async ValueTask<Outcome<HttpResponseMessage>?> HoldForServerBackoffAsync(KeyThrottle throttle, HttpRequestMessage? request, ResilienceContext context)
    {
        var pause = throttle.RemainingPause();
        if (pause <= TimeSpan.Zero)
        {
            return null;
        }

        var key = ApiKeyRedaction.Of(request);
        if (pause > CallBudget.Remaining(context, timeProvider, totalTimeout))
        {
            ResilienceLog.RejectedBeforeSending(logger, request?.Method.Method ?? "?", request?.RequestUri?.AbsolutePath, "the server's backoff outlasts the call's time budget", key);
            return Outcome.FromException<HttpResponseMessage>(ClientSideRejection.ServerBackoff(pause));
        }

        ResilienceLog.HoldingForServerBackoff(logger, request?.Method.Method ?? "?", request?.RequestUri?.AbsolutePath, pause.TotalMilliseconds, key);
        await Task.Delay(pause, timeProvider, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        return null;
    }

    /// <summary>What Polly's rate-limiter step does with a refused lease: its telemetry event and its exception.</summary>
    private RateLimiterRejectedException Rejected(ResilienceContext context, RateLimitLease lease)
    {
        using (lease)
        {
            pollyTelemetry.Report(LimiterRejected, context, new OnRateLimiterRejectedArguments(context, lease));
            return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? new RateLimiterRejectedException(retryAfter)
                : new RateLimiterRejectedException();
        }
    }
}
