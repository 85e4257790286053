namespace Telephony.Sdk.Tests.Support;

/// <summary>
/// Obviously fake keys, built at run time so that no key is ever in source and a leak check looks for a value
/// nothing else could produce.
/// </summary>
internal static class FakeKeys
{
    public const string SecretPrefix = "sk_test_";

    /// <summary>Returns a new secret-looking test key such as <c>sk_test_0123…</c>.</summary>
    public static string NewSecretKey() => SecretPrefix + Guid.NewGuid().ToString("N");

    /// <summary>Returns the part of a key after its <c>sk_test_</c> prefix: the bit that must never leak.</summary>
    public static string SecretPart(string key) => key[SecretPrefix.Length..];
}
