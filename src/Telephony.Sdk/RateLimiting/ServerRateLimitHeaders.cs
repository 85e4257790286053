using System.Globalization;
using System.Net.Http.Headers;
using Telephony.Sdk.Retry;

namespace Telephony.Sdk.RateLimiting;

/// <summary>
/// What a response's rate-limit headers say about the key's quota, in either dialect: <c>X-RateLimit-Limit</c> /
/// <c>-Remaining</c> / <c>-Reset</c> (also without the <c>X-</c>), or the IETF draft's structured <c>RateLimit-Policy</c>
/// (<c>q</c>, <c>w</c>) and <c>RateLimit</c> (<c>r</c>, <c>t</c>). A server may state only its limit
/// (<c>RateLimit-Policy</c> or <c>X-RateLimit-Limit</c> alone), with no count: then <see cref="Remaining"/> and
/// <see cref="Reset"/> are <see langword="null"/>. Hand-written: no .NET library reads these fields.
/// </summary>
/// <param name="Limit">The quota per window, when stated.</param>
/// <param name="Window">
/// The quota's window, when stated: IETF <c>w</c>; for <c>X-RateLimit-Limit</c>, which has no window field, one minute,
/// the unit the API documents its limits in.
/// </param>
/// <param name="Remaining">Requests the server would accept now, when stated.</param>
/// <param name="Reset">How long until the quota is fully available again; stated with <see cref="Remaining"/>.</param>
internal readonly record struct ServerRateLimitHeaders(int? Limit, TimeSpan? Window, int? Remaining, TimeSpan? Reset)
{
    // A reset this large is an absolute time (Unix seconds, as some servers send), not a delay.
    private const long UnixSecondsThreshold = 1_000_000_000;

    // A longer window, or a reset later than a date can be, is garbage: the quota's times are added to dates.
    private const long LongestWindowSeconds = UnixSecondsThreshold;
    private static readonly long LatestUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>
    /// The headers' values, or <see langword="null"/> when the response has none usable; <paramref name="malformed"/>
    /// tells whether some were present but could not be read (they are ignored).
    /// </summary>
    public static ServerRateLimitHeaders? Read(HttpResponseMessage response, DateTimeOffset now, out bool malformed)
    {
        var headers = response.Headers;
        malformed = false;
        if (!MentionsRateLimit(headers))
        {
            return null;
        }

        int? limit = null;
        TimeSpan? window = null;
        long? remaining = null;
        long? reset = null;

        var ietf = First(headers, "RateLimit");
        var policy = First(headers, "RateLimit-Policy");
        if (ietf is not null || policy is not null)
        {
            // Several policies may be listed: the most restrictive one governs (least remaining, then latest reset).
            foreach (var member in ietf is null ? [] : Members(ietf))
            {
                var (r, t) = (Get(member, "r", "remaining"), Get(member, "t", "reset"));
                malformed |= r is null || t is null;
                if (r is not null && t is not null && (remaining is null || r < remaining || (r == remaining && t > reset)))
                {
                    (remaining, reset) = (r, t);
                    limit = Get(member, "limit", "q") is > 0 and var l ? (int)Math.Min(l, int.MaxValue) : limit;
                }
            }

            foreach (var member in policy is null ? [] : Members(policy))
            {
                var (q, w) = (Get(member, "q", "limit"), Get(member, "w", "window"));
                var usableWindow = w is > 0 and < LongestWindowSeconds;
                malformed |= q is not > 0 || (member.ContainsKey("w") && !usableWindow);
                if (q is > 0 && (usableWindow || !member.ContainsKey("w")) && (limit is null || q <= limit))
                {
                    limit = (int)Math.Min(q.Value, int.MaxValue);
                    window = usableWindow ? TimeSpan.FromSeconds(w!.Value) : null;
                }
            }
        }
        else
        {
            var rawRemaining = First(headers, "X-RateLimit-Remaining") ?? First(headers, "RateLimit-Remaining");
            var rawReset = First(headers, "X-RateLimit-Reset") ?? First(headers, "RateLimit-Reset");
            var rawLimit = First(headers, "X-RateLimit-Limit") ?? First(headers, "RateLimit-Limit");
            remaining = Number(rawRemaining);
            reset = Number(rawReset);
            limit = Number(rawLimit) is > 0 and var l ? (int)Math.Min(l, int.MaxValue) : null;

            // The field has no window: its limit is per minute, the unit the API documents its limits in.
            window = limit is null ? null : TimeSpan.FromMinutes(1);
            malformed = ((rawRemaining ?? rawReset) is not null && (remaining is null || reset is null)) || (rawLimit is not null && limit is null);
        }

        // A limit stated without a usable count is still the key's limit: the SDK's own window follows it.
        var statedOnly = limit is null ? (ServerRateLimitHeaders?)null : new ServerRateLimitHeaders(limit, window, null, null);
        reset = reset > LatestUnixSeconds ? null : reset;
        if (remaining is null || reset is null)
        {
            malformed |= remaining is not null || reset is not null;
            return statedOnly;
        }

        var wait = reset >= UnixSecondsThreshold
            ? DateTimeOffset.FromUnixTimeSeconds(reset.Value) - now
            : TimeSpan.FromSeconds(reset.Value);

        // Believed, a reset years away would hold every call of the key for as long: ignored, like an absurd Retry-After.
        if (wait > RetryAfterHeader.LongestUsableWait)
        {
            malformed = true;
            return statedOnly;
        }

        return new ServerRateLimitHeaders(
            limit, window, (int)Math.Min(remaining.Value, int.MaxValue), wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
    }

    // Most responses state no limit: one pass over their few names costs less than the eight lookups by name (~0.25 µs a call).
    private static bool MentionsRateLimit(HttpResponseHeaders headers)
    {
        foreach (var header in headers.NonValidated)
        {
            if (header.Key.Contains("RateLimit", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static long? Number(string? value) =>
        long.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static long? Get(Dictionary<string, long?> member, string name, string oldName) =>
        member.TryGetValue(name, out var value) || member.TryGetValue(oldName, out value) ? value : null;

    /// <summary>
    /// The parameters of each list member (<c>"name";r=5;t=30</c>, or the older drafts' <c>remaining=5, reset=30</c> as one
    /// member, and <c>100;w=60</c> whose bare number is the quota); a value that is not a non-negative integer is <see langword="null"/>.
    /// </summary>
    private static IEnumerable<Dictionary<string, long?>> Members(string field)
    {
        var members = field.Split(',').Select(static m => m.Trim()).Where(static m => m.Length > 0).ToArray();
        if (!members.Any(m => m.Contains(';', StringComparison.Ordinal)))
        {
            // Draft 07 and older: one dictionary such as "limit=100, remaining=50, reset=30".
            members = [string.Join(';', members)];
        }

        foreach (var member in members)
        {
            var parameters = new Dictionary<string, long?>(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in member.Split(';').Select(static p => p.Trim()))
            {
                var equals = parameter.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    parameters[parameter[..equals].Trim()] = Number(parameter[(equals + 1)..]);
                }
                else if (Number(parameter) is { } bare)
                {
                    parameters["q"] = bare;
                }
            }

            yield return parameters;
        }
    }
}
