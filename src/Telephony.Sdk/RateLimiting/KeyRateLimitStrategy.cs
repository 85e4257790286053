using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Diagnostics;
using Telephony.Sdk.Internal;
using Telephony.Sdk.Resilience;

namespace Telephony.Sdk.RateLimiting;

/// <summary>
/// The per-attempt step, inside the retry: waits until the request's key may send (a 429's pause, the server's quota,
/// the key's limit per minute, the learnt pace), fails at once without sending when that wait outlasts the call's budget,
/// then sends and lets the key learn from the response.
/// </summary>
internal sealed class KeyRateLimitStrategy(PipelineContext settings) : ResilienceStrategy<HttpResponseMessage>
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private readonly string _server = KeyRateLimitRegistry.Authority(settings.Options.BaseAddress);

    // Names this pipeline in the state kept on a key, without keeping the pipeline alive for as long as the key.
    private readonly object _identity = new();

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        CallBudget.Start(context, settings.Clock);
        var request = context.GetRequestMessage();
        if (Resolve(request) is not { } limit)
        {
            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }

        var turn = new KeyRateLimit.Turn();
        if (await WaitForTurnAsync(limit, request!, context, turn).ConfigureAwait(context.ContinueOnCapturedContext) is { } rejected)
        {
            return Outcome.FromException<HttpResponseMessage>(rejected);
        }

        try
        {
            return await SendAsync(callback, context, state, limit, turn, request!).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        finally
        {
            limit.Done(turn);
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> SendAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        KeyRateLimit limit,
        KeyRateLimit.Turn turn,
        HttpRequestMessage request)
    {
        RateLimitLease? lease = null;
        if (settings.Options.RateLimit.Enabled && limit.WindowLimiter is { } limiter)
        {
            (lease, var rejected) = await AcquirePermitAsync(limit, limiter, request, context).ConfigureAwait(context.ContinueOnCapturedContext);
            if (rejected is not null)
            {
                return Outcome.FromException<HttpResponseMessage>(rejected);
            }
        }

        // The app's limiter may share pauses between processes: one may have been learnt while this request waited.
        if (lease is not null && limit.IsAppLimiter &&
            await HoldForPauseAsync(limit, request, context).ConfigureAwait(context.ContinueOnCapturedContext) is { } late)
        {
            lease.Dispose();
            return Outcome.FromException<HttpResponseMessage>(late);
        }

        limit.Sending(turn);
        Outcome<HttpResponseMessage> outcome;
        try
        {
            outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        finally
        {
            // The turn ends when its answer is observed (Learn), or in ExecuteCore's finally when there is none.
            lease?.Dispose();
        }

        if (outcome.Result is { } response)
        {
            Learn(limit, turn, request, response);

            // The server did not count a request it refused, so the SDK's own window does not either; one it answered, it
            // may have counted as late as now.
            if (lease is not null && limit.WindowLimiter is ClockSlidingWindowRateLimiter window)
            {
                window.Settle(lease, refused: response.StatusCode == HttpStatusCode.TooManyRequests);
            }
        }

        return outcome;
    }

    private async ValueTask<Exception?> WaitForTurnAsync(KeyRateLimit limit, HttpRequestMessage request, ResilienceContext context, KeyRateLimit.Turn turn)
    {
        long? started = null;
        var logged = false;
        while (limit.TryAdmit(turn, settings.Options.RateLimit.Enabled, out var reason) is var wait && wait > TimeSpan.Zero)
        {
            started ??= settings.Clock.GetTimestamp();
            // The pace grows, and answers still in flight may give quota back, while a caller waits: such a wait is looked
            // at again at least every second, not judged at once.
            wait = reason is WaitReason.Pace or WaitReason.ServerQuota && wait > Recheck ? Recheck : wait;
            if (CheckWait(limit, request, context, reason, wait, ref logged) is { } rejected)
            {
                return rejected;
            }

            await Task.Delay(wait, settings.Clock, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }

        settings.Telemetry.WaitedForPermit(request, settings.Clock, started);

        return null;
    }

    private async ValueTask<Exception?> HoldForPauseAsync(KeyRateLimit limit, HttpRequestMessage request, ResilienceContext context)
    {
        var logged = false;
        for (var pause = limit.RemainingPause(); pause > TimeSpan.Zero; pause = limit.RemainingPause())
        {
            if (CheckWait(limit, request, context, WaitReason.ServerBackoff, pause, ref logged) is { } rejected)
            {
                return rejected;
            }

            await Task.Delay(pause, settings.Clock, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }

        return null;
    }

    /// <summary>A rejection when the wait breaks the call's rules; else <see langword="null"/>, logging a pause once per call.</summary>
    private Exception? CheckWait(KeyRateLimit limit, HttpRequestMessage request, ResilienceContext context, WaitReason reason, TimeSpan wait, ref bool logged)
    {
        var options = settings.Options.Resilience;
        var budget = CallBudget.Remaining(context, settings.Clock, options);
        if (reason == WaitReason.ServerBackoff && limit.RemainingPause() is var pause && pause > TimeMath.Min(options.MaxRetryDelay, budget))
        {
            // A pause learnt by another call obeys the same rules as the call that learnt it.
            Reject(request, "the server's backoff for this key outlasts MaxRetryDelay or the call's time budget");
            return ClientSideRejection.ServerBackoff(pause);
        }

        if (wait > budget)
        {
            Reject(request, "the rate-limit wait outlasts the call's time budget");
            return ClientSideRejection.PermitWait();
        }

        if (!logged && reason == WaitReason.ServerBackoff)
        {
            logged = true;
            ResilienceLog.HoldingForServerBackoff(
                settings.Logger, wait >= TimeSpan.FromSeconds(1) ? LogLevel.Information : LogLevel.Debug,
                request.Method.Method, request.RequestUri?.AbsolutePath, wait.TotalMilliseconds, settings.ClientName, ApiKeyRedaction.Of(request));
        }

        return null;
    }

    /// <summary>A permit from the key's limiter, first come first served; a rejection instead when the wait outlasts the budget.</summary>
    private async ValueTask<(RateLimitLease? Lease, Exception? Rejected)> AcquirePermitAsync(
        KeyRateLimit limit, RateLimiter limiter, HttpRequestMessage request, ResilienceContext context)
    {
        // A permit free now, the usual case, needs no estimate of the wait. (A miss counts as a failed lease in the window's
        // statistics, which nothing reads but its available permits.)
        var free = (limiter as ClockSlidingWindowRateLimiter)?.AttemptAcquire(1);
        if (free is { IsAcquired: false } && limiter is ClockSlidingWindowRateLimiter window &&
            window.EstimateWait(1, CallBudget.Remaining(context, settings.Clock, settings.Options.Resilience)) is null)
        {
            Reject(request, "the rate-limit wait outlasts the call's time budget");
            return (null, ClientSideRejection.PermitWait());
        }

        var started = settings.Telemetry.RecordsPermitWaits ? settings.Clock.GetTimestamp() : (long?)null;
        var lease = free is { IsAcquired: true } ? free : await limiter.AcquireAsync(1, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        if (!lease.IsAcquired)
        {
            var saysWhen = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
            lease.Dispose();

            // A limiter that says when to come back refused for its own reasons; one that does not had no room to queue.
            Reject(request, saysWhen ? "the app's rate limiter refused a permit" : "the rate-limit queue is full");
            return (null, saysWhen ? ClientSideRejection.LimiterRefused(retryAfter) : ClientSideRejection.QueueFull());
        }

        settings.Telemetry.WaitedForPermit(request, settings.Clock, started);
        return (lease, null);
    }

    private void Learn(KeyRateLimit limit, KeyRateLimit.Turn turn, HttpRequestMessage request, HttpResponseMessage response)
    {
        var options = settings.Options.Resilience;
        var learnt = limit.Observe(turn, response, options.BaseDelay, options.MaxRetryDelay);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            settings.Telemetry.RateLimited(request);
        }

        if (learnt.MalformedHeaders)
        {
            ResilienceLog.MalformedRateLimitHeaders(settings.Logger, settings.ClientName, ApiKeyRedaction.Of(request));
        }

        if (learnt.NewPace is { } pace)
        {
            ResilienceLog.PaceChanged(settings.Logger, pace, settings.ClientName, ApiKeyRedaction.Of(request));
        }
    }

    private KeyRateLimit? Resolve(HttpRequestMessage? request)
    {
        if (RequestKey.Of(request) is not { Raw.Length: > 0 } key)
        {
            return null;
        }

        // Kept on the parsed key (the client's, or a per-call one's options): a call with the same key skips the registry.
        if (key.RateLimit is { } found && ReferenceEquals(found.Pipeline, _identity) && found.Limit is { } live)
        {
            return live;
        }

        var limit = settings.RateLimits.GetOrCreate(settings.Clock, _server, key, settings.Options.RateLimit);
        key.RateLimit = new Found(_identity, limit);
        return limit;
    }

    private void Reject(HttpRequestMessage request, string reason) =>
        ResilienceLog.RejectedBeforeSending(
            settings.Logger, request.Method.Method, request.RequestUri?.AbsolutePath, reason, settings.ClientName, ApiKeyRedaction.Of(request));

    /// <summary>
    /// A key's state as one pipeline found it in the registry, held weakly: options an app keeps for a customer must not
    /// keep that key's state alive once the registry has released it.
    /// </summary>
    internal sealed class Found(object pipeline, KeyRateLimit limit)
    {
        private readonly WeakReference<KeyRateLimit> _limit = new(limit);

        public object Pipeline { get; } = pipeline;

        /// <summary>Gets the state while the registry still holds it; <see langword="null"/> once released.</summary>
        public KeyRateLimit? Limit => _limit.TryGetTarget(out var live) && !live.Retired ? live : null;
    }
}
