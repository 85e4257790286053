using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// The ways a key gets mangled on its way into configuration: a scheme or quotes copied with it, a line break, white
/// space or a character pasted from a document.
/// </summary>
internal static class MangledKeys
{
    // Inside the key: before index 24 of "sk_test_" + 32 hex digits, so the first and last 12 hex digits stay whole.
    private const int Middle = 24;

    /// <summary>Gets every mangling <see cref="Mangle"/> knows.</summary>
    public static TheoryData<string> All => new(
        "bearer", "bearer-lowercase", "bearer-tab", "double-quotes", "single-quotes", "crlf-header-injection", "cr",
        "trailing-newline", "nul", "tab-inside", "space-inside", "leading-space", "trailing-space",
        "non-breaking-space-inside", "cyrillic-letter", "zero-width-space", "leading-byte-order-mark");

    /// <summary>Returns <paramref name="key"/> mangled the way <paramref name="mangling"/> names.</summary>
    public static string Mangle(string mangling, string key) => mangling switch
    {
        "bearer" => "Bearer " + key,
        "bearer-lowercase" => "bearer " + key,
        "bearer-tab" => "Bearer\t" + key,
        "double-quotes" => "\"" + key + "\"",
        "single-quotes" => "'" + key + "'",
        "crlf-header-injection" => key[..Middle] + "\r\nX-Injected: 1\r\n" + key[Middle..],
        "cr" => Insert(key, "\r"),
        "trailing-newline" => key + "\n",
        "nul" => Insert(key, "\0"),
        "tab-inside" => Insert(key, "\t"),
        "space-inside" => Insert(key, " "),
        "leading-space" => " " + key,
        "trailing-space" => key + " ",
        "non-breaking-space-inside" => Insert(key, "\u00A0"),
        "cyrillic-letter" => Insert(key, "\u0430"),
        "zero-width-space" => Insert(key, "\u200B"),
        "leading-byte-order-mark" => "\uFEFF" + key,
        _ => throw new ArgumentOutOfRangeException(nameof(mangling), mangling, "Unknown mangling."),
    };

    /// <summary>Returns what must not appear anywhere: the input, the key, and the two whole ends of its secret part.</summary>
    public static string[] Secrets(string input, string key)
    {
        var hex = FakeKeys.SecretPart(key);
        return [input, key, hex[..12], hex[^12..]];
    }

    private static string Insert(string key, string text) => key[..Middle] + text + key[Middle..];
}
