using System.Security.Cryptography;
using System.Text;

namespace Telephony.Cli.Scanning;

/// <summary>
/// A finding's fingerprint: the first 20 hex digits of the key's SHA-256. The same key has the same fingerprint in every
/// file and commit, so one line of <c>.telephonyignore</c> allows a known fake wherever it is written; a real key's
/// 128-bit-or-more randomness keeps the fingerprint from revealing it.
/// </summary>
internal static class KeyFingerprint
{
    public const int Length = 20;

    public static string Of(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..Length];

    public static bool IsFingerprint(string text) => text.Length == Length && text.All(char.IsAsciiHexDigitLower);
}
