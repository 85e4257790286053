using System.Net.Http.Headers;

namespace Telephony.Sdk.Errors;

/// <summary>
/// Reads <c>Retry-After</c> as delta-seconds or as an HTTP-date relative to the caller's reading of the clock, once per response: the
/// reading travels in the request's options to the steps after the first (the key's state, the retry rule, the error).
/// </summary>
internal static class RetryAfterHeader
{
    private static readonly HttpRequestOptionsKey<Reading> Key = new("Telephony.RetryAfter");

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
        if (header.Delta is { } delta)
        {
            return delta >= TimeSpan.Zero ? delta : null;
        }

        if (header.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    // The header it was read from, not the response (which the request would then keep alive): a retry sends the same
    // request again, and the new response brings a new header.
    private sealed record Reading(RetryConditionHeaderValue Header, TimeSpan? Wait);
}
