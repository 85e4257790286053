using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Diagnostics;

namespace Telephony.Sdk.Resilience;

/// <summary>
/// When one request for a key is answered 429 with <c>Retry-After</c>, every request for that key waits until then,
/// so concurrent callers do not each discover the limit on the wire. Runs once per attempt, inside the retry.
/// </summary>
internal sealed class CoordinatedBackoffStrategy(
    ThrottleResolver throttles,
    TimeProvider timeProvider,
    TimeSpan totalTimeout,
    TelephonyTelemetry telemetry,
    ILogger logger) : ResilienceStrategy<HttpResponseMessage>
{
    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        var request = context.GetRequestMessage();
        var throttle = throttles.Resolve(request);
        if (throttle?.RemainingPause() is { } pause && pause > TimeSpan.Zero)
        {
            var key = ApiKeyRedaction.Redact(request?.Headers.Authorization?.Parameter);
            if (pause > CallBudget.Remaining(context, timeProvider, totalTimeout))
            {
                ResilienceLog.RejectedBeforeSending(logger, request?.Method.Method ?? "?", request?.RequestUri?.AbsolutePath, "the server's backoff outlasts the call's time budget", key);
                return Outcome.FromException<HttpResponseMessage>(ClientSideRejection.ServerBackoff(pause));
            }

            ResilienceLog.HoldingForServerBackoff(logger, request?.Method.Method ?? "?", request?.RequestUri?.AbsolutePath, pause.TotalMilliseconds, key);
            await Task.Delay(pause, timeProvider, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }

        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests })
        {
            telemetry.RateLimited(request);
        }

        if (throttle is not null &&
            outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response &&
            RetryAfterPolicy.Read(response, timeProvider) is { } retryAfter)
        {
            throttle.PauseFor(retryAfter);
        }

        return outcome;
    }
}
