using Telephony.Sdk.Authentication;

namespace Telephony.Cli.Scanning;

/// <summary>Finds the secret keys written in one line of text, with the rules the analyzer and the build share.</summary>
internal static class SecretLine
{
    /// <summary>The inline marker that allows a known fake on its line, as gitleaks' <c>gitleaks:allow</c> does.</summary>
    public const string AllowMarker = "telephony:allow";

    /// <summary>Gets a value indicating whether the line may hold a key at all: a cheap test before the exact one.</summary>
    public static bool MayHoldKey(string line) => line.Contains("sk_", StringComparison.Ordinal);

    /// <summary>Returns each secret key of <paramref name="line"/> and its 1-based column; none when the line carries <see cref="AllowMarker"/>.</summary>
    public static IEnumerable<(int Column, string Key)> FindKeys(string line)
    {
        if (!MayHoldKey(line) || line.Contains(AllowMarker, StringComparison.Ordinal))
        {
            yield break;
        }

        var offset = 0;
        while (offset < line.Length && SecretKeyShape.FindInText(line[offset..], out var start, out var length))
        {
            var at = offset + start;
            var key = line.Substring(at, length);
            var end = at + length;

            // In a JSON- or C#-escaped string (`\"sk_live_…\"`) the backslash of the closing quote's escape is not the
            // key's: SecretKeyShape reads it as a key character because a key may hold one, so drop it here.
            if (end < line.Length && line[end] is '"' or '\'')
            {
                key = key.TrimEnd('\\');
            }

            if (SecretKeyShape.IsSecretKey(key))
            {
                yield return (at + 1, key);
            }

            offset = end;
        }
    }
}
