namespace Telephony.Sdk.Authentication;

/// <summary>
/// What a well-formed key looks like. Problems are described by position and kind of character, never by
/// repeating the key.
/// </summary>
internal static class ApiKeyShape
{
    private const string Fix = "Copy the key again from the Telephony.io dashboard.";

    public static string? FindProblem(string? value)
    {
        if (value is null || value.Length == 0)
        {
            return "The API key is empty. " + Fix;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return "The API key is blank (it contains only white space). " + Fix;
        }

        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || value.StartsWith("Bearer\t", StringComparison.OrdinalIgnoreCase))
        {
            return "The API key starts with \"Bearer \": give only the key; the SDK adds the Bearer scheme itself.";
        }

        if (value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0])
        {
            return "The API key is wrapped in quotes: remove them (they often come from a .env file or a copied JSON string).";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '\r' or '\n' || char.IsControl(c))
            {
                return $"The API key contains a line break or control character at position {i + 1}; it cannot be sent in a header. " + Fix;
            }

            if (char.IsWhiteSpace(c))
            {
                return i == 0 || i == value.Length - 1
                    ? "The API key has white space at its start or end: trim it. " + Fix
                    : $"The API key contains white space at position {i + 1}. " + Fix;
            }

            if (c > '\u007e')
            {
                return $"The API key contains a non-ASCII character at position {i + 1} (often a character pasted from a document). Telephony.io keys are plain ASCII. " + Fix;
            }
        }

        return value.Length <= 8 && Classify(value).Environment != TelephonyApiKeyEnvironment.Unknown
            ? "The API key has a prefix but nothing after it. " + Fix
            : null;
    }

    /// <summary>
    /// The kind and environment of a well-formed key (one <see cref="FindProblem"/> accepts). Secret keys are told by
    /// <see cref="SecretKeyShape"/>, the definition the build-time checks share, so the build flags every key that is
    /// secret here.
    /// </summary>
    public static (TelephonyApiKeyKind Kind, TelephonyApiKeyEnvironment Environment) Classify(string value) =>
        value.StartsWith(SecretKeyShape.LivePrefix, StringComparison.Ordinal) ? (TelephonyApiKeyKind.Secret, TelephonyApiKeyEnvironment.Live)
        : value.StartsWith(SecretKeyShape.TestPrefix, StringComparison.Ordinal) ? (TelephonyApiKeyKind.Secret, TelephonyApiKeyEnvironment.Test)
        : value.StartsWith("pk_live_", StringComparison.Ordinal) ? (TelephonyApiKeyKind.Publishable, TelephonyApiKeyEnvironment.Live)
        : value.StartsWith("pk_test_", StringComparison.Ordinal) ? (TelephonyApiKeyKind.Publishable, TelephonyApiKeyEnvironment.Test)

        // A pk_/sk_ prefix without live_/test_ is not a documented shape: treat it as unknown.
        : (TelephonyApiKeyKind.Unknown, TelephonyApiKeyEnvironment.Unknown);
}
