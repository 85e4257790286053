using Telephony.Sdk.Authentication;

namespace Telephony.Sdk.Analyzers;

/// <summary>
/// Finds Telephony.io secret keys (<c>sk_live_…</c>, <c>sk_test_…</c>) in the strings of C# source, by the definition
/// the SDK's run-time parser uses (<see cref="SecretKeyShape"/>): a string that is a secret key as a whole, or text with
/// one inside. The content scan in <c>buildTransitive/Telephony.Sdk.targets</c> uses the same definition's pattern.
/// </summary>
internal static class SecretKeyFinder
{
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

        // A whole string the run-time parser would take as a secret key, even with characters that end a key in text.
        if (SecretKeyShape.IsSecretKey(text))
        {
            return SecretKeyShape.Redact(text, SecretKeyShape.PrefixLength);
        }

        return SecretKeyShape.FindInText(text, out var start, out var length)
            ? SecretKeyShape.Redact(text.Substring(start, length), SecretKeyShape.PrefixLength)
            : null;
    }
}
