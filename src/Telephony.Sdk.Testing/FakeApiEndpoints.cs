using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Telephony.Sdk.Testing;

/// <summary>
/// The documented behaviour of the API, routed by hand (no reflection, so the fake stays trim- and AOT-safe).
/// </summary>
internal static class FakeApiEndpoints
{
    private const string BalancePath = "/api/account/balance";

    public static async Task HandleAsync(HttpContext context, ConcurrentDictionary<string, decimal> balances)
    {
        var apiKey = BearerToken.Parse(context.Request.Headers.Authorization);
        if (apiKey is null || !balances.TryGetValue(apiKey, out var balance))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", "Invalid or missing API key").ConfigureAwait(false);
            return;
        }

        if (!string.Equals(context.Request.Path.Value, BalancePath, StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, "not_found", "No such endpoint").ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET";
            await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "method_not_allowed", "Use GET").ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("balance", balance);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteJsonAsync(context, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }
}
