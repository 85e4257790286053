namespace Telephony.Sdk.Analyzers;

/// <summary>
/// Finds Telephony.io secret keys (<c>sk_live_…</c>, <c>sk_test_…</c>) in text. The same shape is matched by the
/// content scan in <c>buildTransitive/Telephony.Sdk.targets</c>; keep the two in step.
/// </summary>
internal static class SecretKeyFinder
{
    /// <summary>Key characters required after the prefix before a string counts as a key, not a placeholder.</summary>
    internal const int MinimumKeyCharacters = 8;

    private const int VisibleSuffixLength = 4;

    private static readonly string[] Prefixes = ["sk_live_", "sk_test_"];

    /// <summary>
    /// Returns a redacted form of the first secret key in <paramref name="text"/> (<c>sk_live_…c123</c>),
    /// or <see langword="null"/> when there is none.
    /// </summary>
    public static string? FindRedacted(string? text)
    {
        if (text is null || text.Length == 0)
        {
            return null;
        }

        for (var start = text.IndexOf("sk_", StringComparison.Ordinal);
             start >= 0;
             start = text.IndexOf("sk_", start + 1, StringComparison.Ordinal))
        {
            var redacted = RedactedKeyAt(text, start);
            if (redacted is not null)
            {
                return redacted;
            }
        }

        return null;
    }

    private static string? RedactedKeyAt(string text, int start)
    {
        // "task_live_…" or "my_sk_live_…" is a word that happens to contain the prefix, not a key.
        if (start > 0 && IsWordCharacter(text[start - 1]))
        {
            return null;
        }

        foreach (var prefix in Prefixes)
        {
            if (string.CompareOrdinal(text, start, prefix, 0, prefix.Length) != 0)
            {
                continue;
            }

            var end = start + prefix.Length;
            while (end < text.Length && IsKeyCharacter(text[end]))
            {
                end++;
            }

            var keyCharacters = end - start - prefix.Length;
            return keyCharacters < MinimumKeyCharacters
                ? null
                : prefix + "\u2026" + text.Substring(end - VisibleSuffixLength, VisibleSuffixLength);
        }

        return null;
    }

    private static bool IsKeyCharacter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    private static bool IsWordCharacter(char c) => IsKeyCharacter(c) || c == '_';
}
