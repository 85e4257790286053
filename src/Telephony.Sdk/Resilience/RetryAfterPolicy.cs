using Telephony.Sdk.Errors;

namespace Telephony.Sdk.Resilience;

/// <summary>Which server-sent <c>Retry-After</c> values the SDK honours.</summary>
internal static class RetryAfterPolicy
{
    /// <summary>
    /// The longest wait a server's header is believed for (Retry-After here, a rate-limit reset in <see cref="ServerRateLimitHeaders"/>):
    /// beyond it a value is garbage (a misconfigured proxy, a reset in milliseconds), not a request to wait.
    /// </summary>
    public static readonly TimeSpan LongestUsableWait = TimeSpan.FromDays(1);

    /// <summary>The server's requested wait if it is usable; <see langword="null"/> when missing, negative, garbage or absurd.</summary>
    public static TimeSpan? Read(HttpResponseMessage response, DateTimeOffset now) =>
        RetryAfterHeader.Read(response, now) is { } wait && wait <= LongestUsableWait ? wait : null;
}
