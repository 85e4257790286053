namespace Telephony.Sdk.Testing;

/// <summary>Settings for a <see cref="TelephonyFakeServer"/>.</summary>
public sealed class TelephonyFakeServerOptions
{
    /// <summary>
    /// Gets the keys the server accepts, each with the balance of its account. Any other key is answered with 401.
    /// </summary>
    /// <value>
    /// The default value holds the four test keys (<see cref="TelephonyFakeServer.PublishableTestKey"/>,
    /// <see cref="TelephonyFakeServer.SecretTestKey"/>, <see cref="TelephonyFakeServer.PublishableLiveKey"/>,
    /// <see cref="TelephonyFakeServer.SecretLiveKey"/>), each with its own balance.
    /// </value>
    public IDictionary<string, decimal> Keys { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        [TelephonyFakeServer.PublishableTestKey] = TelephonyFakeServer.DefaultBalance,
        [TelephonyFakeServer.SecretTestKey] = TelephonyFakeServer.DefaultBalance,
        [TelephonyFakeServer.PublishableLiveKey] = 250.00m,
        [TelephonyFakeServer.SecretLiveKey] = 98765.43m,
    };

    /// <summary>Gets or sets the port to listen on, on 127.0.0.1.</summary>
    /// <value>The default value is 0: a free port chosen by the operating system (see <see cref="TelephonyFakeServer.BaseAddress"/>).</value>
    public int Port { get; set; }

    /// <summary>Gets or sets how many requests a publishable key (<c>pk_…</c>) may make in one rate-limit window.</summary>
    /// <value>The default value is 100, the API's documented default.</value>
    public int PublishableKeyRateLimit { get; set; } = 100;

    /// <summary>Gets or sets how many requests any other key (secret, <c>sk_…</c>) may make in one rate-limit window.</summary>
    /// <value>The default value is 1000, the API's documented default.</value>
    public int SecretKeyRateLimit { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the length of a rate-limit window. Each key has a fixed window that opens at its first request;
    /// requests over the limit inside it get 429 with <c>Retry-After</c> set to the seconds left in the window.
    /// Shorten it to make rate-limit tests fast.
    /// </summary>
    /// <value>The default value is one minute.</value>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the clock for rate-limit windows, injected delays and the request journal.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>; tests pass a fake clock.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PublishableKeyRateLimit, nameof(PublishableKeyRateLimit));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SecretKeyRateLimit, nameof(SecretKeyRateLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(RateLimitWindow, TimeSpan.FromMilliseconds(1), nameof(RateLimitWindow));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
