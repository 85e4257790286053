namespace Telephony.Sdk;

/// <summary>Where the limit the SDK applies to a key comes from.</summary>
public enum TelephonyRateLimitSource
{
    /// <summary>The API's documented default: 100 requests per minute for publishable keys, 1000 for secret keys.</summary>
    DocumentedDefault,

    /// <summary><see cref="TelephonyRateLimitOptions.PermitsPerMinute"/>, set by the app: a ceiling the SDK never exceeds.</summary>
    Configured,

    /// <summary>The server's rate-limit headers (<c>X-RateLimit-*</c> or <c>RateLimit-Policy</c> / <c>RateLimit</c>).</summary>
    ServerHeaders,

    /// <summary>429 responses without rate-limit headers: the SDK paces the key at the rate it learnt from them.</summary>
    LearnedFrom429s,
}
