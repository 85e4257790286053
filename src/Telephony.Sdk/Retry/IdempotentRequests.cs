namespace Telephony.Sdk.Retry;

/// <summary>Whether a request may be sent twice without doing its work twice.</summary>
internal static class IdempotentRequests
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static bool CanRetry(HttpRequestMessage? request)
    {
        if (request is null)
        {
            return false;
        }

        var method = request.Method;
        return method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options ||
               method == HttpMethod.Put || method == HttpMethod.Delete ||
               request.Headers.Contains(IdempotencyKeyHeader);
    }
}
