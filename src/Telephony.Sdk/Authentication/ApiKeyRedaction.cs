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

    private static int KnownPrefixLength(string apiKey)
    {
        ReadOnlySpan<string> prefixes = ["pk_live_", "pk_test_", "sk_live_", "sk_test_"];
        foreach (var prefix in prefixes)
        {
            if (apiKey.StartsWith(prefix, StringComparison.Ordinal))
            {
                return prefix.Length;
            }
        }

        return 0;
    }
}
