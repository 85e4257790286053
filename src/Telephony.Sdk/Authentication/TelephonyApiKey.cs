using System.Diagnostics.CodeAnalysis;
using Telephony.Sdk.Authentication;

namespace Telephony.Sdk;

/// <summary>
/// A Telephony.io API key: its <see cref="Kind"/> and <see cref="Environment"/>, and a redacted form for display.
/// <see cref="ToString"/> never returns the whole key, so a key can be logged or shown safely.
/// </summary>
public readonly struct TelephonyApiKey : IEquatable<TelephonyApiKey>
{
    private readonly string? _value;

    private TelephonyApiKey(string value, TelephonyApiKeyKind kind, TelephonyApiKeyEnvironment environment)
    {
        _value = value;
        Kind = kind;
        Environment = environment;
    }

    /// <summary>Gets the kind of key: publishable (<c>pk_</c>), secret (<c>sk_</c>) or unknown.</summary>
    public TelephonyApiKeyKind Kind { get; }

    /// <summary>Gets the environment of the key: live, test or unknown.</summary>
    public TelephonyApiKeyEnvironment Environment { get; }

    /// <summary>Gets the key in redacted form, such as <c>sk_live_…c123</c>: its prefix and at most its last four characters.</summary>
    public string Redacted => ApiKeyRedaction.Redact(_value);

    internal string Value => _value ?? throw new InvalidOperationException("This TelephonyApiKey was default-initialized and holds no key.");

    /// <summary>Compares two keys for equality.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    /// <returns><see langword="true"/> when both hold the same key.</returns>
    public static bool operator ==(TelephonyApiKey left, TelephonyApiKey right) => left.Equals(right);

    /// <summary>Compares two keys for inequality.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    /// <returns><see langword="true"/> when the keys differ.</returns>
    public static bool operator !=(TelephonyApiKey left, TelephonyApiKey right) => !left.Equals(right);

    /// <summary>Parses a key, checking that it can be sent in an <c>Authorization</c> header as is.</summary>
    /// <param name="value">The key, e.g. from configuration.</param>
    /// <returns>The parsed key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The key is malformed; the message says how, without repeating the key.</exception>
    public static TelephonyApiKey Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var key, out var error) ? key : throw new FormatException(error);
    }

    /// <summary>Tries to parse a key.</summary>
    /// <param name="value">The key, e.g. from configuration.</param>
    /// <param name="key">The parsed key, when the result is <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a well-formed key.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out TelephonyApiKey key) => TryParse(value, out key, out _);

    internal static bool TryParse([NotNullWhen(true)] string? value, out TelephonyApiKey key, [NotNullWhen(false)] out string? error)
    {
        key = default;
        error = ApiKeyShape.FindProblem(value);
        if (error is not null)
        {
            return false;
        }

        var (kind, environment) = ApiKeyShape.Classify(value!);
        key = new TelephonyApiKey(value!, kind, environment);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(TelephonyApiKey other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TelephonyApiKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Returns the redacted form of the key, such as <c>sk_live_…c123</c>; never the whole key.</summary>
    /// <returns>The redacted key.</returns>
    public override string ToString() => Redacted;
}
