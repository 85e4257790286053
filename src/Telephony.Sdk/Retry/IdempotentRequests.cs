namespace Telephony.Sdk.Retry;

/// <summary>Whether a request may be sent twice without doing its work twice.</summary>
internal static class IdempotentRequests
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static bool CanRetry(HttpRequestMessage? request) =>
        request is not null &&
        (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options ||
         request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete || request.Headers.Contains(IdempotencyKeyHeader));
}
