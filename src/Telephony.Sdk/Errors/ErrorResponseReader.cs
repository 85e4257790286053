using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Configuration;
using Telephony.Sdk.Retry;

namespace Telephony.Sdk.Errors;

/// <summary>
/// Turns an error response into the matching <see cref="TelephonyApiException"/>. Reads at most
/// <see cref="MaxBodyBytes"/> of the body and copes with whatever a proxy may send instead of the documented envelope.
/// </summary>
internal static class ErrorResponseReader
{
    internal const int MaxBodyBytes = 64 * 1024;
    internal const int MaxExcerptChars = 4 * 1024;

    private static readonly string[] RequestIdHeaders = ["X-Request-Id", "Request-Id"];
    private const string WithheldBody = "[withheld: the body carried the API key in an escaped form]";

    /// <param name="response">The error response.</param>
    /// <param name="timeProvider">The clock that turns an HTTP-date <c>Retry-After</c> into a delay.</param>
    /// <param name="client">The client the call was made with, so a 401 says which key to check and where it is set.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    public static async Task<TelephonyApiException> CreateExceptionAsync(
        HttpResponseMessage response, TimeProvider timeProvider, TelephonyClientDescription? client, CancellationToken cancellationToken)
    {
        var secret = RequestKey.Of(response.RequestMessage)?.Raw ?? response.RequestMessage?.Headers.Authorization?.Parameter;

        // Scrubbed before anything is parsed or shortened, so a cut can never leave part of the key behind.
        var body = Scrub((await ReadBoundedAsync(response.Content, MaxBodyBytes, keepPartial: true, cancellationToken).ConfigureAwait(false)).Body, secret);
        var envelope = ErrorBodyParser.Parse(body.Span, response.Content?.Headers.ContentType?.MediaType);

        var error = new TelephonyApiError
        {
            StatusCode = response.StatusCode,
            // And again after decoding: JSON escapes or HTML entities could have hidden the key from the byte scrub.
            ErrorCode = Scrub(envelope.Code, secret),
            ErrorMessage = Redirect(response, secret) ?? Scrub(envelope.Message, secret),
            RequestId = FirstHeader(response, RequestIdHeaders, secret),
            ResponseBody = HidesSecret(body.Span, secret) ? WithheldBody : Excerpt(body.Span),
            RetryAfter = RetryAfterHeader.Read(response, timeProvider.GetUtcNow()),
        };

        return Create(error, client, response.RequestMessage);
    }

    internal static TelephonyApiException Create(TelephonyApiError error, TelephonyClientDescription? client = null, HttpRequestMessage? request = null) => error.StatusCode switch
    {
        HttpStatusCode.Unauthorized => client is null
            ? new TelephonyAuthenticationException(error)
            : new TelephonyAuthenticationException(error, client.RejectedKeyAdvice(ApiKeyRedaction.Of(request), RequestKey.Of(request)?.PerCall == true)),
        HttpStatusCode.Forbidden => new TelephonyPermissionException(error),
        HttpStatusCode.NotFound => new TelephonyNotFoundException(error),
        _ when error.StatusCode == HttpStatusCode.TooManyRequests => new TelephonyRateLimitException(error),
        >= HttpStatusCode.InternalServerError and <= (HttpStatusCode)599 => new TelephonyServerException(error),
        _ => new TelephonyApiException(error),
    };

    // Redirects are not followed (the key goes only to the configured API); the message names where it pointed.
    private static string? Redirect(HttpResponseMessage response, string? secret)
    {
        // 304 Not Modified answers a caller's conditional request (SendAsync with If-None-Match): it points nowhere.
        if ((int)response.StatusCode is < 300 or > 399 || response.StatusCode == HttpStatusCode.NotModified)
        {
            return null;
        }

        var location = response.Headers.Location;
        var target = location is null ? null
            : location.IsAbsoluteUri ? location
            : response.RequestMessage?.RequestUri is { IsAbsoluteUri: true } sent ? new Uri(sent, location) : null;
        var host = ScrubHost(target?.Authority, secret);

        return $"the API answered with a redirect to {(host is null ? "an unstated location" : $"host '{host}'")}, which the SDK " +
               "does not follow: the key is sent only to TelephonyClientOptions.BaseAddress. Check that address";
    }

    // Defence in depth: a misbehaving proxy may echo the request's Authorization header into its error page. Such a body
    // is decoded to replace the key and encoded again (invalid UTF-8 in it becomes U+FFFD); any other stays as it came.
    private static ReadOnlyMemory<byte> Scrub(ReadOnlyMemory<byte> body, string? secret) =>
        string.IsNullOrEmpty(secret) || body.Span.IndexOf(Encoding.UTF8.GetBytes(secret)) < 0
            ? body
            : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body.Span).Replace(secret, "[redacted]"));

    /// <summary>
    /// Whether the key is still in the (byte-scrubbed) body once JSON escapes or HTML character references are decoded:
    /// the raw excerpt would then show all of it but a character or two.
    /// </summary>
    private static bool HidesSecret(ReadOnlySpan<byte> body, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || body.IsEmpty)
        {
            return false;
        }

        if (body.IndexOf((byte)'&') >= 0 && WebUtility.HtmlDecode(Encoding.UTF8.GetString(body)).Contains(secret, StringComparison.Ordinal))
        {
            return true;
        }

        if (body.IndexOf((byte)'\\') < 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped &&
                    reader.GetString()?.Contains(secret, StringComparison.Ordinal) == true)
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON (or cut off): what was read up to here has been checked.
        }

        return false;
    }

    /// <summary>
    /// A host name to quote in a message, with the key redacted: the host is the server's choice (a <c>Location</c> it
    /// sent), as free as a body, and <see cref="Uri"/> keeps host names lower-cased, so the key is matched in any case.
    /// </summary>
    internal static string? ScrubHost(string? host, string? secret) =>
        host is null || string.IsNullOrEmpty(secret) ? host : Regex.Replace(host, Regex.Escape(secret), "[redacted]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static string? Scrub(string? text, string? secret) =>
        text is null || string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "[redacted]");

    private static string? FirstHeader(HttpResponseMessage response, string[] names, string? secret) =>
        names.Select(name => response.Headers.TryGetValues(name, out var values) ? Scrub(values.FirstOrDefault(), secret) : null)
            .FirstOrDefault(static value => value is { Length: > 0 }) is { } found ? (found.Length <= 200 ? found : found[..200]) : null;

    private static string? Excerpt(ReadOnlySpan<byte> body) =>
        body.IsEmpty ? null : Encoding.UTF8.GetString(body) is var text && text.Length > MaxExcerptChars ? text[..MaxExcerptChars] + "…" : text;

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes of a body; <c>Complete</c> is <see langword="false"/> when more was
    /// left. With <paramref name="keepPartial"/>, a connection lost mid-body keeps what arrived (an error's status still
    /// says what happened); without it the failure propagates.
    /// </summary>
    internal static async Task<(ArraySegment<byte> Body, bool Complete)> ReadBoundedAsync(
        HttpContent? content, long limit, bool keepPartial, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return (new ArraySegment<byte>([]), true);
        }

        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var body = new MemoryStream();
        var chunk = new byte[(int)Math.Min(16 * 1024, limit + 1)];
        try
        {
            int read;

            // Never more than one byte past the limit: that byte only tells that the body goes on.
            while ((read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit + 1 - body.Length)), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > limit)
                {
                    body.Write(chunk, 0, (int)(limit - body.Length));
                    return (new ArraySegment<byte>(body.GetBuffer(), 0, (int)body.Length), false);
                }

                body.Write(chunk, 0, read);
            }
        }
        catch (Exception e) when (keepPartial && e is IOException or HttpRequestException)
        {
        }

        return (new ArraySegment<byte>(body.GetBuffer(), 0, (int)body.Length), true);
    }
}
