using System.Net;
using System.Text;

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

    public static async Task<TelephonyApiException> CreateExceptionAsync(
        HttpResponseMessage response, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var secret = response.RequestMessage?.Headers.Authorization?.Parameter;
        var envelope = ErrorBodyParser.Parse(body.Span, response.Content?.Headers.ContentType?.MediaType);

        var error = new TelephonyApiError
        {
            StatusCode = response.StatusCode,
            ErrorCode = Scrub(envelope.Code, secret),
            ErrorMessage = Scrub(envelope.Message, secret),
            RequestId = Scrub(FirstHeader(response, RequestIdHeaders), secret),
            ResponseBody = Scrub(Excerpt(body.Span), secret),
            RetryAfter = RetryAfterHeader.Read(response, timeProvider),
        };

        return Create(error);
    }

    internal static TelephonyApiException Create(TelephonyApiError error) => error.StatusCode switch
    {
        HttpStatusCode.Unauthorized => new TelephonyAuthenticationException(error),
        HttpStatusCode.Forbidden => new TelephonyPermissionException(error),
        HttpStatusCode.NotFound => new TelephonyNotFoundException(error),
        HttpStatusCode.TooManyRequests => new TelephonyRateLimitException(error),
        >= HttpStatusCode.InternalServerError and <= (HttpStatusCode)599 => new TelephonyServerException(error),
        _ => new TelephonyApiException(error),
    };

    // Defence in depth: a misbehaving proxy may echo the request's Authorization header into its error page.
    private static string? Scrub(string? text, string? secret) =>
        text is null || string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "[redacted]", StringComparison.Ordinal);

    private static string? FirstHeader(HttpResponseMessage response, string[] names)
    {
        foreach (var name in names)
        {
            if (response.Headers.TryGetValues(name, out var values) && values.FirstOrDefault() is { Length: > 0 } value)
            {
                return value.Length <= 200 ? value : value[..200];
            }
        }

        return null;
    }

    private static string? Excerpt(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body);
        return text.Length <= MaxExcerptChars ? text : string.Concat(text.AsSpan(0, MaxExcerptChars), "…");
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
            try
            {
                int read;
                while (total < buffer.Length &&
                       (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                // The connection dropped mid-body: the status still says what happened, so keep what arrived.
            }

            return buffer.AsMemory(0, total);
        }
    }
}
