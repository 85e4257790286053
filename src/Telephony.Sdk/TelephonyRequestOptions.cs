namespace Telephony.Sdk;

/// <summary>
/// Settings for one call, beside the client-wide <see cref="TelephonyClientOptions"/>: the key to send (so that one
/// client, and one connection pool, can serve many customers' keys), a time budget, an <c>Idempotency-Key</c> and extra
/// headers. A value set here wins over the client's for this call only, and is checked by the same rules.
/// </summary>
/// <remarks>
/// A per-call key is checked like a configured one before anything is sent (its shape, client mode, the environment
/// rules), has its own rate-limit state (a 429 for one key never pauses another), and is never logged, traced or shown
/// whole. <see cref="ToString"/> shows only the redacted key. An instance may be reused for many calls; do not change it
/// while a call that uses it is under way.
/// </remarks>
public sealed class TelephonyRequestOptions
{
    private static readonly string[] RefusedHeaders =
    [
        "Authorization", "Proxy-Authorization", "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Host", "Content-Length",
    ];

    private readonly List<KeyValuePair<string, string>> _headers = [];
    private TimeSpan? _timeout;

    // The request property that carries the call's options: the authentication handler puts them there (ApplyTo).
    internal static readonly HttpRequestOptionsKey<TelephonyRequestOptions> Key = new("Telephony.RequestOptions");

    // The parsed ApiKey, kept while ApiKey stays the same string: options reused for a customer's calls parse it once.
    internal Authentication.RequestKey? ParsedKey;

    /// <summary>Gets or sets the API key for this call, instead of <see cref="TelephonyClientOptions.ApiKey"/>.</summary>
    /// <value>The default value is <see langword="null"/>: the client's key.</value>
    /// <remarks>Keep keys out of source code: read them from your own store of customers' keys.</remarks>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets how long this call may take in all, attempts and waits included, instead of
    /// <see cref="TelephonyResilienceOptions.TotalTimeout"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the client's <c>TotalTimeout</c>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 10 milliseconds and one day.</exception>
    public TimeSpan? Timeout
    {
        get => _timeout;
        set => _timeout = value is { } timeout && (timeout < TimeSpan.FromMilliseconds(10) || timeout > TimeSpan.FromDays(1))
            ? throw new ArgumentOutOfRangeException(nameof(value), timeout, "TelephonyRequestOptions.Timeout must be between 00:00:00.010 and 1.00:00:00, as TotalTimeout must.")
            : value;
    }

    /// <summary>
    /// Gets or sets the <c>Idempotency-Key</c> header of this call. With one, a POST may be retried after a transient
    /// failure: the server does the work once however often it is sent.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: none, and a POST is sent at most once.</value>
    public string? IdempotencyKey { get; set; }

    /// <summary>Gets the extra headers of this call, in the order they were added.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>Adds a header to this call.</summary>
    /// <param name="name">The header's name.</param>
    /// <param name="value">The header's value.</param>
    /// <returns>This instance, so that calls can be chained.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="name"/> is blank, or a header the SDK owns: <c>Authorization</c> (set <see cref="ApiKey"/>) or a
    /// hop-by-hop header such as <c>Connection</c>.
    /// </exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public TelephonyRequestOptions AddHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                "The Authorization header is the SDK's: set TelephonyRequestOptions.ApiKey to send another key for this call.", nameof(name));
        }

        if (RefusedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{name}' is a hop-by-hop or framing header that the HTTP stack sets; it cannot be set per call.", nameof(name));
        }

        _headers.Add(new(name, value));
        return this;
    }

    /// <summary>Shows the settings with the key redacted.</summary>
    /// <returns>A description that never holds the whole key.</returns>
    public override string ToString() =>
        $"TelephonyRequestOptions {{ ApiKey = {(ApiKey is null ? "(client's)" : Authentication.ApiKeyRedaction.Redact(ApiKey))}, " +
        $"Timeout = {Timeout?.ToString() ?? "(client's)"}, IdempotencyKey = {(IdempotencyKey is null ? "(none)" : "set")}, Headers = {_headers.Count} }}";

    /// <summary>The options a request carries; <see langword="null"/> when its call has none.</summary>
    internal static TelephonyRequestOptions? Of(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(Key, out var options) ? options : null;

    /// <summary>Puts these options in <paramref name="request"/>'s options (<see cref="Of"/>), and this call's <c>Idempotency-Key</c> and extra headers on it.</summary>
    internal void ApplyTo(HttpRequestMessage request)
    {
        request.Options.Set(Key, this);
        if (IdempotencyKey is { } idempotencyKey)
        {
            request.Headers.Remove("Idempotency-Key");
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        foreach (var (name, value) in _headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value) && request.Content is { } content)
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }
}
