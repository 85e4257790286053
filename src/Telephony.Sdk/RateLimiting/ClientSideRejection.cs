using System.Net;

namespace Telephony.Sdk.RateLimiting;

/// <summary>The exceptions for requests the SDK refused to send because the key's limit would be exceeded.</summary>
internal static class ClientSideRejection
{
    /// <summary>The <see cref="TelephonyApiException.ErrorCode"/> of a request the SDK did not send.</summary>
    public const string ErrorCode = "client_rate_limited";

    public static TelephonyRateLimitException ServerBackoff(TimeSpan retryAfter) => Create(
        "Not sent: Telephony.io asked this key to back off for longer than the call's time budget (TotalTimeout)",
        retryAfter);

    public static TelephonyRateLimitException PermitWait() => Create(
        "Not sent: the client-side rate limit for this key would make the call wait longer than its time budget (TotalTimeout)",
        retryAfter: null);

    /// <summary>A limiter from <see cref="TelephonyRateLimitOptions.LimiterFactory"/> refused the permit.</summary>
    public static TelephonyRateLimitException LimiterRefused(TimeSpan? retryAfter) => Create(
        "Not sent: the configured rate limiter refused a permit for this key",
        retryAfter);

    public static TelephonyRateLimitException QueueFull() => Create(
        "Not sent: too many requests for this key are already waiting for the client-side rate limit (RateLimit.QueueLimit)",
        retryAfter: null);

    private static TelephonyRateLimitException Create(string message, TimeSpan? retryAfter) => new(new TelephonyApiError
    {
        StatusCode = HttpStatusCode.TooManyRequests,
        ErrorCode = ErrorCode,
        ErrorMessage = message,
        RetryAfter = retryAfter,
    });
}
