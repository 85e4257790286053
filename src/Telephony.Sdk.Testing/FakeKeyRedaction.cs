namespace Telephony.Sdk.Testing;

/// <summary>Shows a key as its kind prefix and last four characters, e.g. <c>sk_test_…0001</c>.</summary>
internal static class FakeKeyRedaction
{
    public static string? Redact(string? apiKey)
    {
        if (apiKey is null)
        {
            return null;
        }

        var prefixLength = apiKey.Length > 8 && apiKey[2] == '_' && apiKey[7] == '_' ? 8 : 0;
        var suffix = apiKey.Length - prefixLength >= 12 ? apiKey[^4..] : string.Empty;
        return string.Concat(apiKey.AsSpan(0, prefixLength), "…", suffix);
    }
}
