using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Telephony.Sdk.Testing.RateLimiting;

namespace Telephony.Sdk.Testing;

/// <summary>
/// The documented behaviour of the API, in order: injected faults, bearer authentication, the per-key rate limit,
/// then routing. Routed by hand (no reflection), so the fake stays trim- and AOT-safe.
/// </summary>
internal sealed class FakeApiEndpoints(
    TelephonyFakeServerOptions options,
    ConcurrentDictionary<string, decimal> balances,
    FakeServerFaults faults,
    FakeRequestJournal journal)
{
    private const string BalancePath = "/api/account/balance";
    private const string RequestIdHeader = "X-Request-Id";

    private readonly FakeRateLimitGate _rateLimits = new(options);

    public async Task HandleAsync(HttpContext context)
    {
        var arrived = options.TimeProvider.GetUtcNow();
        var apiKey = BearerToken.Parse(context.Request.Headers.Authorization);
        var fault = faults.TakeNext();

        // Every answer carries a request id, which the SDK puts on its exceptions, so that an app's "quote it to support"
        // path can be tested. A status fault's own X-Request-Id header replaces it.
        context.Response.Headers[RequestIdHeader] = "req_" + Guid.NewGuid().ToString("N");
        void Record(int? status) => journal.Add(new FakeRequest(
            context.Request.Method, context.Request.Path.Value ?? "/", arrived, FakeKeyRedaction.Redact(apiKey), status));

        if (fault is { Kind: FakeServerFaults.FaultKind.Drop })
        {
            // Journaled before the abort: the client may send its next request as soon as it sees the reset.
            Record(null);
            context.Abort();
            return;
        }

        // Journaled as the answer starts, before any of it reaches the client: a client that has its answer (and may have
        // sent its next request) always finds it in Requests. An answer that never started is journaled at the end.
        var journaled = false;
        context.Response.OnStarting(() =>
        {
            journaled = true;
            Record(context.Response.StatusCode);
            return Task.CompletedTask;
        });
        int? status = null;
        try
        {
            status = await RespondAsync(context, apiKey, fault).ConfigureAwait(false);
        }
        finally
        {
            if (!journaled)
            {
                Record(status);
            }
        }
    }

    private async Task<int?> RespondAsync(HttpContext context, string? apiKey, FakeServerFaults.Fault? fault)
    {
        if (fault is not null)
        {
            switch (fault.Kind)
            {
                case FakeServerFaults.FaultKind.Status:
                    if (fault.Duration > TimeSpan.Zero)
                    {
                        context.Response.Headers.RetryAfter = WholeSeconds(fault.Duration);
                    }

                    foreach (var (name, value) in fault.Headers ?? new Dictionary<string, string>())
                    {
                        context.Response.Headers[name] = value;
                    }

                    return await WriteErrorAsync(context, fault.StatusCode, "injected_fault", "Fault injected by the fake server").ConfigureAwait(false);
                case FakeServerFaults.FaultKind.Delay:
                    await Task.Delay(fault.Duration, options.TimeProvider, context.RequestAborted).ConfigureAwait(false);
                    break;
            }
        }

        if (apiKey is null || !balances.TryGetValue(apiKey, out var balance))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", "Invalid or missing API key").ConfigureAwait(false);
        }

        if (!_rateLimits.TryAdmit(apiKey, context.Response.Headers))
        {
            return await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests").ConfigureAwait(false);
        }

        if (!string.Equals(context.Request.Path.Value, BalancePath, StringComparison.Ordinal))
        {
            return await WriteErrorAsync(context, StatusCodes.Status404NotFound, "not_found", "No such endpoint").ConfigureAwait(false);
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET";
            return await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "method_not_allowed", "Use GET").ConfigureAwait(false);
        }

        return await WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("balance", balance);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    // Retry-After carries whole seconds; rounding up never invites a client back before the fault's time is over.
    private static string WholeSeconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static Task<int?> WriteErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteJsonAsync(context, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    private static async Task<int?> WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
        return status;
    }
}
