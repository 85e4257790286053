using System.Net.Http.Headers;

namespace Telephony.Sdk.Errors;

/// <summary>
/// Reads <c>Retry-After</c> as delta-seconds or as an HTTP-date relative to the injected clock, once per response: the
/// reading travels in the request's options to the steps after the first (the key's state, the retry rule, the error).
/// </summary>
internal static class RetryAfterHeader
{
    private static readonly HttpRequestOptionsKey<Reading> Key = new("Telephony.RetryAfter");

    public static TimeSpan? Read(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var request = response.RequestMessage;
        if (request is not null && request.Options.TryGetValue(Key, out var reading) && ReferenceEquals(reading.Response, response))
        {
            return reading.Wait;
        }

        var wait = Parse(response.Headers.RetryAfter, timeProvider);
        request?.Options.Set(Key, new Reading(response, wait));
        return wait;
    }

    private static TimeSpan? Parse(RetryConditionHeaderValue? retryAfter, TimeProvider timeProvider)
    {
        if (retryAfter?.Delta is { } delta)
        {
            return delta >= TimeSpan.Zero ? delta : null;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    // The response it was read from: a retry sends the same request again and gets a new response.
    private sealed record Reading(HttpResponseMessage Response, TimeSpan? Wait);
}
