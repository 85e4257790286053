namespace Telephony.Sdk.Testing;

/// <summary>Reads the token of an <c>Authorization: Bearer</c> header as RFC 6750 §2.1 defines it.</summary>
internal static class BearerToken
{
    public static string? Parse(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return null;
        }

        // credentials = "Bearer" 1*SP b64token; the scheme name is case-insensitive (RFC 7235 §2.1).
        const string Scheme = "Bearer";
        if (authorization.Length <= Scheme.Length + 1 ||
            !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ||
            authorization[Scheme.Length] != ' ')
        {
            return null;
        }

        var token = authorization[(Scheme.Length + 1)..].TrimStart(' ');
        var body = token.TrimEnd('=');
        return body.Length > 0 && body.All(IsB64TokenChar) ? token : null;
    }

    // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    private static bool IsB64TokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/';
}
