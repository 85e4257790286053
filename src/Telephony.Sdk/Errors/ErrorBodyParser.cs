using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Telephony.Sdk.Errors;

/// <summary>
/// Reads <c>error.code</c> and <c>error.message</c> from an error body. Anything that is not the documented envelope
/// still yields a message that says what arrived: an HTML page, plain text, an empty or unreadable body.
/// </summary>
internal static class ErrorBodyParser
{
    private const int MaxMessageChars = 300;

    private static readonly Regex WhiteSpaceOrControl = new(@"[\s\p{Cc}]+", RegexOptions.CultureInvariant);

    public static (string? Code, string? Message) Parse(ReadOnlySpan<byte> body, string? mediaType)
    {
        if (body.IsEmpty)
        {
            return (null, "the response had an empty body");
        }

        // The content type is not trusted either way: proxies mislabel bodies, so the bytes decide.
        if (TryParseEnvelope(body, out var code, out var message))
        {
            return (code, message);
        }

        // Invalid UTF-8 becomes U+FFFD rather than an error: the caller still learns what arrived.
        var text = Encoding.UTF8.GetString(body);
        if (LooksLikeHtml(text, mediaType))
        {
            var title = HtmlTitle(text);
            return (null, string.IsNullOrEmpty(title)
                ? "the response was an HTML page, not the API's JSON error (a proxy or gateway may have answered)"
                : $"the response was an HTML page titled \"{title}\", not the API's JSON error (a proxy or gateway may have answered)");
        }

        var collapsed = Collapse(text);
        return (null, collapsed.Length == 0 ? "the response body was blank" : Truncate(collapsed));
    }

    private static bool TryParseEnvelope(ReadOnlySpan<byte> body, out string? code, out string? message)
    {
        code = null;
        message = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error))
            {
                message = root.ValueKind == JsonValueKind.Object && StringProperty(root, "message") is { } topLevel
                    ? Truncate(topLevel)
                    : "the response was JSON without the documented \"error\" object";
                return true;
            }

            // The code is quoted in the exception's message too: bounded like the message.
            (code, message) = error.ValueKind switch
            {
                JsonValueKind.Object => (
                    StringProperty(error, "code") is { } errorCode ? Truncate(errorCode) : null,
                    StringProperty(error, "message") is { } text ? Truncate(text) : "the server sent no error message"),
                JsonValueKind.String => (null, Truncate(error.GetString() ?? string.Empty)),
                _ => (null, "the response's \"error\" field was neither an object nor a string"),
            };

            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string with invalid UTF-8 inside otherwise well-formed JSON.
            // Not JSON, truncated JSON or invalid UTF-8: described from the text instead.
            return false;
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool LooksLikeHtml(string text, string? mediaType) =>
        string.Equals(mediaType, "text/html", StringComparison.OrdinalIgnoreCase) ||
        text.AsSpan().TrimStart().StartsWith("<", StringComparison.Ordinal);

    private static string? HtmlTitle(string html)
    {
        var open = html.IndexOf("<title", StringComparison.OrdinalIgnoreCase);
        var start = open < 0 ? -1 : html.IndexOf('>', open);
        var end = start < 0 ? -1 : html.IndexOf("</title", start, StringComparison.OrdinalIgnoreCase);
        if (end < 0)
        {
            return null;
        }

        var title = Collapse(WebUtility.HtmlDecode(html[(start + 1)..end]));
        return title.Length == 0 ? null : Truncate(title);
    }

    // White space and control characters, in runs, become one space: a message stays on one line.
    private static string Collapse(string text) => WhiteSpaceOrControl.Replace(text, " ").Trim();

    private static string Truncate(string text) =>
        text.Length <= MaxMessageChars ? text : text[..MaxMessageChars] + "…";
}
