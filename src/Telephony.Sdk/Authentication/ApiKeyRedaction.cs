namespace Telephony.Sdk.Authentication;

/// <summary>
/// The one place that decides how much of a key may be shown: its kind prefix (such as <c>sk_live_</c>) and at most
/// its last four characters, never the whole key.
/// </summary>
internal static class ApiKeyRedaction
{
    // The same rule as the build-time checks' messages: a short key shows nothing beyond its prefix.
    public static string Redact(string? apiKey) =>
        string.IsNullOrEmpty(apiKey) ? "(none)" : SecretKeyShape.Redact(apiKey, KnownPrefixLength(apiKey));

    /// <summary>The redacted form of the key a request carries (set by the authentication handler).</summary>
    public static string Of(HttpRequestMessage? request) =>
        RequestKey.Of(request)?.Key.Redacted ?? Redact(request?.Headers.Authorization?.Parameter);

    // pk_live_, pk_test_, sk_live_, sk_test_: the documented shapes, as ApiKeyShape recognizes them.
    private static int KnownPrefixLength(string apiKey) =>
        ApiKeyShape.Classify(apiKey).Kind == TelephonyApiKeyKind.Unknown ? 0 : SecretKeyShape.PrefixLength;
}
