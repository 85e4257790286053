using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Internal;
using Telephony.Sdk.Resilience;

namespace Telephony.Sdk.Retry;

/// <summary>
/// What is retried: 429 for as long as the call's time budget lasts (the server did not process it, so it does not count
/// against <see cref="TelephonyResilienceOptions.MaxRetryAttempts"/>) unless its <c>Retry-After</c> exceeds
/// <see cref="TelephonyResilienceOptions.MaxRetryDelay"/>; 408/500/502/503/504, connection failures and attempt timeouts
/// only for idempotent requests, at most <see cref="TelephonyResilienceOptions.MaxRetryAttempts"/> times, never sooner
/// than a <c>Retry-After</c> they carry (and not at all when it exceeds the limits); nothing else.
/// A 429 is retried without delay here: the key's step waits for its pause and pace. A 401 is retried once, at once, with
/// the secondary key when one is configured (<see cref="SecondaryKeyRetry"/>), inside the same time budget.
/// </summary>
internal sealed class RetryPolicy(PipelineContext settings)
{
    private static readonly ResiliencePropertyKey<int> TransientRetries = new("Telephony.TransientRetries");

    private TelephonyResilienceOptions Options => settings.Options.Resilience;

    public RetryStrategyOptions<HttpResponseMessage> CreateOptions() => new()
    {
        Name = "Telephony.Retry",

        // The count is kept here (transient failures only); the total timeout ends a call that keeps meeting 429s.
        MaxRetryAttempts = int.MaxValue,
        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
        DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(args.Outcome, args.Context)),
        OnRetry = args =>
        {
            var request = args.Context.GetRequestMessage();
            if (SecondaryKeyRetry.For(args.Outcome.Result, request) is { } secondary)
            {
                SecondaryKeyRetry.Switch(request!, secondary, settings.AuthenticationLogger, settings.ClientName);
                return default;
            }

            ResilienceLog.RetryScheduled(
                settings.Logger,
                request?.Method.Method ?? "?",
                request?.RequestUri?.AbsolutePath,
                args.AttemptNumber + 1,
                args.RetryDelay.TotalMilliseconds,
                args.Outcome.Result is { } response ? $"status {(int)response.StatusCode}" : args.Outcome.Exception?.GetType().Name ?? "a failure",
                settings.ClientName,
                ApiKeyRedaction.Of(request));
            return default;
        },
    };

    internal bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        var request = context.GetRequestMessage();
        if (SecondaryKeyRetry.For(outcome.Result, request) is not null)
        {
            return true;
        }

        if (outcome.Result is { } tooMany && tooMany.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return Options.MaxRetryAttempts > 0 && RetryAfterFits(tooMany, request, context);
        }

        var transient = outcome.Result is { } response
            ? IsTransient(response.StatusCode)
            : outcome.Exception is HttpRequestException or TimeoutRejectedException or TelephonyConnectionException;
        if (!transient || !IdempotentRequests.CanRetry(request) || (outcome.Result is { } answer && !RetryAfterFits(answer, request, context)))
        {
            return false;
        }

        var retries = context.Properties.GetValue(TransientRetries, 0);
        if (retries >= Options.MaxRetryAttempts)
        {
            return false;
        }

        context.Properties.Set(TransientRetries, retries + 1);
        return true;
    }

    private TimeSpan Delay(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (outcome.Result?.StatusCode is { } status && (status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.Unauthorized))
        {
            return TimeSpan.Zero;
        }

        // Exponential in the transient retries alone, with jitter so that callers failing together do not retry together;
        // never sooner than the server's Retry-After (a 503 may send one), which ShouldRetry has checked against the limits.
        var delay = Backoff.Exponential(Options.BaseDelay, context.Properties.GetValue(TransientRetries, 1), Options.MaxRetryDelay, Backoff.Jitter());
        return outcome.Result is { } response && RetryAfterHeader.Read(response, settings.Clock.GetUtcNow()) is { } asked && asked > delay ? asked : delay;
    }

    private bool RetryAfterFits(HttpResponseMessage response, HttpRequestMessage? request, ResilienceContext context)
    {
        if (RetryAfterHeader.Read(response, settings.Clock.GetUtcNow()) is not { } retryAfter)
        {
            return true;
        }

        var limit = TimeMath.Min(Options.MaxRetryDelay, CallBudget.Remaining(context, settings.Clock, Options));
        if (retryAfter <= limit)
        {
            return true;
        }

        ResilienceLog.RetryAfterTooLong(
            settings.Logger,
            request?.Method.Method ?? "?",
            request?.RequestUri?.AbsolutePath,
            retryAfter.TotalMilliseconds,
            limit.TotalMilliseconds,
            settings.ClientName,
            ApiKeyRedaction.Of(request));
        return false;
    }

    private static bool IsTransient(HttpStatusCode status) => status is
        HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
