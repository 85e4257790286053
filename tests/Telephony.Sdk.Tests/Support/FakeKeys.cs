namespace Telephony.Sdk.Tests.Support;

/// <summary>
/// Obviously fake keys of every shape, built at run time from a new GUID, so that no key is ever in source and a leak
/// check looks for a value nothing else could produce.
/// </summary>
internal static class FakeKeys
{
    public const string SecretPrefix = "sk_test_";

    /// <summary>Returns <paramref name="prefix"/> followed by 32 new hex digits, e.g. <c>sk_test_0123…</c>.</summary>
    public static string New(string prefix) => prefix + Guid.NewGuid().ToString("N");

    /// <summary>Returns a new secret-looking test key such as <c>sk_test_0123…</c>.</summary>
    public static string NewSecretKey() => New(SecretPrefix);

    /// <summary>Returns a new key whose last four characters (what a redacted key shows) differ from <paramref name="other"/>'s.</summary>
    public static string NewDistinctFrom(string prefix, string other)
    {
        string key;
        do
        {
            key = New(prefix);
        }
        while (key[^4..] == other[^4..]);

        return key;
    }

    /// <summary>Returns the 32 hex digits at the end of a key built here: the part that must never leak.</summary>
    public static string SecretPart(string key) => key[^32..];

    /// <summary>Returns what a leak scan looks for: each key whole and its secret part.</summary>
    public static string[] Secrets(params string[] keys) => [.. keys.SelectMany(key => new[] { key, SecretPart(key) })];
}
