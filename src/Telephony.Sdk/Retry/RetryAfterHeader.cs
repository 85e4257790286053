using System.Net.Http.Headers;

namespace Telephony.Sdk.Retry;

/// <summary>
/// Reads <c>Retry-After</c> as delta-seconds or as an HTTP-date relative to the caller's reading of the clock, once per response: the
/// reading travels in the request's options to the steps after the first (the key's state, the retry rule, the error), so
/// all of them see the same wait, under the same cap.
/// </summary>
internal static class RetryAfterHeader
{
    /// <summary>
    /// The longest wait a server's header is believed for (Retry-After here, a rate-limit reset in <c>ServerRateLimitHeaders</c>):
    /// beyond it a value is garbage (a misconfigured proxy, a reset in milliseconds), not a request to wait.
    /// </summary>
    public static readonly TimeSpan LongestUsableWait = TimeSpan.FromDays(1);

    private static readonly HttpRequestOptionsKey<Reading> Key = new("Telephony.RetryAfter");

    /// <summary>The server's requested wait if it is usable; <see langword="null"/> when missing, negative, garbage or over <see cref="LongestUsableWait"/>.</summary>
    public static TimeSpan? Read(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        var request = response.RequestMessage;
        if (request is not null && request.Options.TryGetValue(Key, out var reading) && ReferenceEquals(reading.Header, header))
        {
            return reading.Wait;
        }

        var wait = Parse(header, now);
        request?.Options.Set(Key, new Reading(header, wait));
        return wait;
    }

    private static TimeSpan? Parse(RetryConditionHeaderValue header, DateTimeOffset now)
    {
        TimeSpan? wait = header switch
        {
            { Delta: { } delta } => delta >= TimeSpan.Zero ? delta : null,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
        return wait <= LongestUsableWait ? wait : null;
    }

    // The header it was read from, not the response (which the request would then keep alive): a retry sends the same
    // request again, and the new response brings a new header.
    private sealed record Reading(RetryConditionHeaderValue Header, TimeSpan? Wait);
}
