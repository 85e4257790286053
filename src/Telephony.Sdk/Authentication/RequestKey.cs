using System.Net.Http.Headers;

namespace Telephony.Sdk.Authentication;

/// <summary>
/// A configured key, parsed once, with its <c>Authorization</c> value (immutable, so every request may carry the same
/// instance). The authentication handler puts the key in use, and the secondary key when there is one, in each request's
/// options: the rate limit, telemetry, logs and error mapping read it there instead of re-reading the header.
/// </summary>
/// <remarks>A class, not a record: a record's generated ToString() would print the key.</remarks>
internal sealed class RequestKey(string raw, TelephonyApiKey key, bool perCall = false)
{
    public static readonly HttpRequestOptionsKey<RequestKey> InUse = new("Telephony.Key");
    public static readonly HttpRequestOptionsKey<RequestKey> Secondary = new("Telephony.SecondaryKey");

    public string Raw { get; } = raw;

    public TelephonyApiKey Key { get; } = key;

    public AuthenticationHeaderValue Header { get; } = new("Bearer", key.Value);

    /// <summary>Gets a value indicating whether the key was given for one call (<see cref="TelephonyRequestOptions.ApiKey"/>), not configured.</summary>
    public bool PerCall { get; } = perCall;

    /// <summary>Gets or sets the key's rate-limit state as a pipeline last found it, so the next call with this key skips the lookup.</summary>
    public RateLimiting.KeyRateLimitStrategy.Found? RateLimit { get; set; }

    /// <summary>The key a request carries; <see langword="null"/> for a request the authentication handler has not seen.</summary>
    public static RequestKey? Of(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(InUse, out var key) ? key : null;

    /// <summary>Sends <paramref name="request"/> with this key from now on.</summary>
    public void Use(HttpRequestMessage request)
    {
        request.Headers.Authorization = Header;
        request.Options.Set(InUse, this);
    }
}
