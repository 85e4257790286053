using System.Text;

namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>The bytes and content type of each <see cref="ErrorBodyShape"/>, and what the exception must say about it.</summary>
internal static class ErrorBodies
{
    public const string PlainText = "upstream connect error or disconnect/reset before headers. reset reason: overflow";
    public const int OversizedBytes = 1024 * 1024;

    // 4 KiB of excerpt plus the ellipsis the SDK appends.
    public const int MaxResponseBodyChars = (4 * 1024) + 1;

    private const string Envelope = """{"error":{"code":"x_code","message":"X message"}}""";

    public static ErrorBodyCase Create(ErrorBodyShape shape) => shape switch
    {
        ErrorBodyShape.ValidEnvelope => Json(Envelope, "x_code", ServerMessage),
        ErrorBodyShape.EmptyErrorObject => Json("""{"error":{}}""", null, NoServerMessage),
        ErrorBodyShape.CodeOnlyEnvelope => Json("""{"error":{"code":"only_code"}}""", "only_code", NoServerMessage),
        ErrorBodyShape.EnvelopeWithExtraFields => Json(
            """{"error":{"code":"x_code","message":"X message","details":{"field":"to","hints":[1,{"deep":null}]},"doc_url":"https://example.test/x"},"request":{"id":"r1"},"meta":null}""",
            "x_code",
            ServerMessage),
        ErrorBodyShape.PlainStringError => Json("""{"error":"plain string error"}""", null, e => Assert.Equal("plain string error", e.ErrorMessage)),
        ErrorBodyShape.PlainText => Text(PlainText, "text/plain", e => Assert.Equal(PlainText, e.ErrorMessage)),
        ErrorBodyShape.HtmlPage => Text(
            "<!DOCTYPE html>\n<html><head><title>Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>",
            "text/html",
            e =>
            {
                Assert.Contains("HTML", e.ErrorMessage, StringComparison.Ordinal);
                Assert.Contains("Bad Gateway", e.ErrorMessage, StringComparison.Ordinal);
            }),
        ErrorBodyShape.EmptyBody => new([], null, null, e =>
        {
            Assert.Contains("empty", e.ErrorMessage, StringComparison.OrdinalIgnoreCase);
            Assert.Null(e.ResponseBody);
        }),
        ErrorBodyShape.OversizedBody => Text(Oversized(), "application/json", e =>
        {
            Assert.StartsWith("""[{"n":12345},""", e.ErrorMessage, StringComparison.Ordinal);
            Assert.InRange(e.ErrorMessage!.Length, 1, 301);
            Assert.InRange(e.ResponseBody!.Length, 4 * 1024, MaxResponseBodyChars);
            Assert.EndsWith("…", e.ResponseBody, StringComparison.Ordinal);
        }),
        ErrorBodyShape.InvalidUtf8Bytes => new(
            [.. "gateway said: "u8, 0xFF, 0xFE, 0xC3, 0x28, .. " end"u8],
            "text/plain",
            null,
            e =>
            {
                Assert.StartsWith("gateway said: ", e.ErrorMessage, StringComparison.Ordinal);
                Assert.Contains('\uFFFD', e.ErrorMessage!);
                Assert.EndsWith(" end", e.ErrorMessage, StringComparison.Ordinal);
            }),
        ErrorBodyShape.EnvelopeAsTextPlain => Text(Envelope, "text/plain", ServerMessage, "x_code"),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    private static void ServerMessage(TelephonyApiException exception) => Assert.Equal("X message", exception.ErrorMessage);

    // The envelope had no message: the exception's own message must still say so (ErrorMessage is checked separately).
    private static void NoServerMessage(TelephonyApiException exception) =>
        Assert.Contains("the server sent no error message", exception.Message, StringComparison.Ordinal);

    private static ErrorBodyCase Json(string body, string? code, Action<TelephonyApiException> assert) =>
        Text(body, "application/json", assert, code);

    private static ErrorBodyCase Text(string body, string contentType, Action<TelephonyApiException> assert, string? code = null) =>
        new(Encoding.UTF8.GetBytes(body), contentType, code, assert);

    // JSON-ish but never the envelope, and far past the 64 KiB the SDK reads of an error body.
    private static string Oversized()
    {
        var builder = new StringBuilder("[", OversizedBytes + 16);
        while (builder.Length < OversizedBytes)
        {
            builder.Append("""{"n":12345},""");
        }

        return builder.Append("""{"n":0}]""").ToString();
    }
}

/// <summary>One error body to serve and the checks the resulting exception must pass.</summary>
internal sealed record ErrorBodyCase(byte[] Bytes, string? ContentType, string? ExpectedCode, Action<TelephonyApiException> AssertMessage);
