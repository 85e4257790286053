using System.Text.RegularExpressions;

namespace Telephony.Sdk.Authentication;

/// <summary>
/// What a Telephony.io secret key looks like: the one definition behind the run-time key parser
/// (<see cref="ApiKeyShape"/>), the compiler analyzer (TEL1001, TEL1002) and, through <see cref="TextPattern"/>, the
/// content scan of <c>buildTransitive/Telephony.Sdk.targets</c> (TEL1003), so the build flags every key the run time
/// would treat as secret. This file is compiled into Telephony.Sdk and, linked, into Telephony.Sdk.Analyzers
/// (netstandard2.0): it uses nothing newer than that.
/// </summary>
internal static class SecretKeyShape
{
    /// <summary>The prefix of a live secret key.</summary>
    public const string LivePrefix = "sk_live_";

    /// <summary>The prefix of a test secret key.</summary>
    public const string TestPrefix = "sk_test_";

    /// <summary>The length of both prefixes.</summary>
    public const int PrefixLength = 8;

    /// <summary>
    /// The content scan's regular expression (the <c>_TelephonySecretKeyPattern</c> property of the .targets file, which a
    /// test holds to this constant): a prefix that does not continue a word, then the text form of a key as
    /// <see cref="FindInText"/> reads it. Written with <c>\x</c> escapes so it survives MSBuild and XML quoting as is.
    /// </summary>
    public const string TextPattern =
        @"(?<![A-Za-z0-9_])sk_(?:live|test)_" +
        @"[!-~-[\x22\x26-\x29\x2C\x3B\x3C\x3E\x5B\x5D\x60\x7B\x7D]]*" +
        @"[!-~-[\x21\x22\x26-\x29\x2C\x2E\x3A\x3B\x3C\x3E\x3F\x5B\x5D\x60\x7B\x7D]]";

    private const int VisibleSuffixLength = 4;

    // The rule is stated once, in TextPattern: the run time, the analyzer and the build's content scan read text alike.
    private static readonly Regex InText = new(TextPattern, RegexOptions.CultureInvariant);

    /// <summary>
    /// Gets a value indicating whether <paramref name="c"/> may be part of a key: printable ASCII without white space,
    /// what an <c>Authorization</c> header carries as is. The run-time parser refuses a key with any other character.
    /// </summary>
    public static bool IsKeyCharacter(char c) => c is >= '!' and <= '~';

    /// <summary>Gets a value indicating whether <paramref name="value"/> starts with <c>sk_live_</c> or <c>sk_test_</c>.</summary>
    public static bool HasSecretPrefix(string value) =>
        value.StartsWith(LivePrefix, StringComparison.Ordinal) || value.StartsWith(TestPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Gets a value indicating whether <paramref name="value"/>, whole, is what the run-time parser accepts as a secret
    /// key: a secret prefix followed by at least one key character, and nothing else.
    /// </summary>
    public static bool IsSecretKey(string? value) =>
        value is not null && value.Length > PrefixLength && HasSecretPrefix(value) && value.All(IsKeyCharacter);

    /// <summary>
    /// Finds the first secret key written inside <paramref name="text"/> (a JSON value, a header, a <c>.env</c> line).
    /// There a key starts at a prefix that does not continue a word (<c>task_live_</c> is a word) and ends before
    /// white space, a quote, a bracket or a separator (<c>, ; &amp;</c>), without sentence punctuation at its end, so
    /// <c>sk_live_</c> and <c>sk_live_…</c> in prose are not keys and <c>sk_live_abc123.</c> is the key <c>sk_live_abc123</c>.
    /// </summary>
    /// <param name="text">The text to search.</param>
    /// <param name="start">The index of the key, when one is found.</param>
    /// <param name="length">The length of the key, when one is found.</param>
    /// <returns><see langword="true"/> when the text holds a secret key.</returns>
    public static bool FindInText(string? text, out int start, out int length)
    {
        var match = text is null ? Match.Empty : InText.Match(text);
        (start, length) = match.Success ? (match.Index, match.Length) : (-1, 0);
        return match.Success;
    }

    /// <summary>
    /// Shows <paramref name="key"/>'s first <paramref name="visiblePrefixLength"/> characters and, when at least twelve
    /// characters follow them, its last four: <c>sk_live_…c123</c>. A shorter key would be shown almost whole by its suffix.
    /// </summary>
    public static string Redact(string key, int visiblePrefixLength)
    {
        var suffix = key.Length - visiblePrefixLength >= 3 * VisibleSuffixLength ? key.Substring(key.Length - VisibleSuffixLength) : string.Empty;
        return key.Substring(0, visiblePrefixLength) + "\u2026" + suffix;
    }
}
