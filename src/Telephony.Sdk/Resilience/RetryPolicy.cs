using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Telephony.Sdk.Authentication;

namespace Telephony.Sdk.Resilience;

/// <summary>
/// What is retried: 429 always (the server did not process it) within the delay cap and the time budget;
/// 408/500/502/503/504, connection failures and attempt timeouts only for idempotent requests; nothing else.
/// </summary>
internal sealed class RetryPolicy(TelephonyResilienceOptions options, TimeProvider timeProvider, ILogger logger)
{
    public RetryStrategyOptions<HttpResponseMessage> CreateOptions() => new()
    {
        Name = "Telephony.Retry",
        MaxRetryAttempts = options.MaxRetryAttempts,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = options.BaseDelay,
        MaxDelay = options.MaxRetryDelay,
        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
        DelayGenerator = args => ValueTask.FromResult(ServerRequestedDelay(args.Outcome)),
        OnRetry = args =>
        {
            var request = args.Context.GetRequestMessage();
            ResilienceLog.RetryScheduled(
                logger,
                request?.Method.Method ?? "?",
                request?.RequestUri?.AbsolutePath,
                args.AttemptNumber + 1,
                args.RetryDelay.TotalMilliseconds,
                Reason(args.Outcome),
                ApiKeyRedaction.Of(request));
            return default;
        },
    };

    internal bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        var request = context.GetRequestMessage();
        if (outcome.Result is { } response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return RetryAfterFits(response, request, context);
            }

            return IsTransient(response.StatusCode) && IdempotentRequests.CanRetry(request);
        }

        return outcome.Exception is HttpRequestException or TimeoutRejectedException && IdempotentRequests.CanRetry(request);
    }

    private bool RetryAfterFits(HttpResponseMessage response, HttpRequestMessage? request, ResilienceContext context)
    {
        if (RetryAfterPolicy.Read(response, timeProvider) is not { } retryAfter)
        {
            return true;
        }

        var limit = Min(options.MaxRetryDelay, CallBudget.Remaining(context, timeProvider, options.TotalTimeout));
        if (retryAfter <= limit)
        {
            return true;
        }

        ResilienceLog.RetryAfterTooLong(
            logger,
            request?.Method.Method ?? "?",
            request?.RequestUri?.AbsolutePath,
            retryAfter.TotalMilliseconds,
            limit.TotalMilliseconds,
            ApiKeyRedaction.Of(request));
        return false;
    }

    private TimeSpan? ServerRequestedDelay(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response ? RetryAfterPolicy.Read(response, timeProvider) : null;

    private static bool IsTransient(HttpStatusCode status) => status is
        HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static string Reason(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response ? $"status {(int)response.StatusCode}" : outcome.Exception?.GetType().Name ?? "a failure";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
