namespace Telephony.Sdk.Authentication;

/// <summary>
/// The one place that decides how much of a key may be shown: its kind prefix (such as <c>sk_live_</c>) and at most
/// its last four characters, never the whole key.
/// </summary>
internal static class ApiKeyRedaction
{
    private const int VisibleSuffixLength = 4;

    public static string Redact(string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return "(none)";
        }

        var prefix = KnownPrefixLength(apiKey);

        // A short key would be shown almost whole by its suffix, so it shows nothing beyond its prefix.
        var suffix = apiKey.Length - prefix >= 3 * VisibleSuffixLength ? apiKey[^VisibleSuffixLength..] : string.Empty;
        return string.Concat(apiKey.AsSpan(0, prefix), "…", suffix);
    }

    /// <summary>The redacted form of the key a request carries (set by the authentication handler).</summary>
    public static string Of(HttpRequestMessage? request) => Redact(request?.Headers.Authorization?.Parameter);

    // pk_live_, pk_test_, sk_live_, sk_test_: the documented shapes, as ApiKeyShape recognizes them.
    private static int KnownPrefixLength(string apiKey) =>
        ApiKeyShape.Classify(apiKey).Kind == TelephonyApiKeyKind.Unknown ? 0 : "sk_live_".Length;
}
