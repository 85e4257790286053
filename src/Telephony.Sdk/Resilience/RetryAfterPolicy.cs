using Telephony.Sdk.Errors;

namespace Telephony.Sdk.Resilience;

/// <summary>Which server-sent <c>Retry-After</c> values the SDK honours.</summary>
internal static class RetryAfterPolicy
{
    // Beyond this a value is treated as garbage (a misconfigured proxy), not as a request to wait.
    private static readonly TimeSpan Absurd = TimeSpan.FromDays(1);

    /// <summary>The server's requested wait if it is usable; <see langword="null"/> when missing, negative, garbage or absurd.</summary>
    public static TimeSpan? Read(HttpResponseMessage response, DateTimeOffset now) =>
        RetryAfterHeader.Read(response, now) is { } wait && wait <= Absurd ? wait : null;
}
