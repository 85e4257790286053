using System.Net;
using System.Text;
using System.Text.Json;

namespace Telephony.Sdk.Errors;

/// <summary>
/// Turns an error response into the matching <see cref="TelephonyApiException"/>. Reads at most a bounded prefix of
/// the body and tolerates anything a proxy might send instead of the documented envelope.
/// </summary>
internal static class ErrorResponseReader
{
    internal const int MaxBodyBytes = 64 * 1024;

    public static async Task<Exception> CreateExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var (code, message) = ParseEnvelope(body.Span);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new TelephonyAuthenticationException(code, message),
            _ => new TelephonyApiException(response.StatusCode, code, message),
        };
    }

    internal static (string? Code, string? Message) ParseEnvelope(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return (null, null);
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("error", out var error))
            {
                return error.ValueKind switch
                {
                    JsonValueKind.Object => (StringProperty(error, "code"), StringProperty(error, "message")),
                    JsonValueKind.String => (null, error.GetString()),
                    _ => (null, null),
                };
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML page from a proxy, plain text, a truncated body): fall through to the text itself.
        }

        return (null, TextExcerpt(body));
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? TextExcerpt(ReadOnlySpan<byte> body)
    {
        const int MaxChars = 200;
        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        return text.Length <= MaxChars ? text : string.Concat(text.AsSpan(0, MaxChars), "…");
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxBodyBytes];
            var total = 0;
            int read;
            while (total < buffer.Length &&
                   (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return buffer.AsMemory(0, total);
        }
    }
}
