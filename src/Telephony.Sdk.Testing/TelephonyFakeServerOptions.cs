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
    /// Gets the limits of particular keys, in requests per <see cref="RateLimitWindow"/>: a key listed here uses its
    /// own limit instead of <see cref="PublishableKeyRateLimit"/> or <see cref="SecretKeyRateLimit"/>.
    /// </summary>
    /// <value>The default value is empty: every key has the limit of its kind.</value>
    public IDictionary<string, int> KeyRateLimits { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the length of a rate-limit window: a key's limit is that many requests per this long. With the
    /// default <see cref="FakeRateLimitAlgorithm.FixedWindow"/> each key has a fixed window that opens at its first
    /// request, and requests over the limit inside it get 429 with <c>Retry-After</c> set to the seconds left in the
    /// window. Shorten it to make rate-limit tests fast.
    /// </summary>
    /// <value>The default value is one minute.</value>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets how requests are counted against a key's limit, so that a client can be tested against servers
    /// whose model is not the API's fixed window. Only accepted requests count.
    /// </summary>
    /// <value>The default value is <see cref="FakeRateLimitAlgorithm.FixedWindow"/>, the API's own model.</value>
    public FakeRateLimitAlgorithm RateLimitAlgorithm { get; set; } = FakeRateLimitAlgorithm.FixedWindow;

    /// <summary>
    /// Gets or sets the size of a bucket, in requests: the capacity of a <see cref="FakeRateLimitAlgorithm.TokenBucket"/>
    /// or the burst of a <see cref="FakeRateLimitAlgorithm.LeakyBucket"/>. The window algorithms ignore it. For
    /// example, "20 requests per second with a burst of 100" is a leaky bucket with a limit of 1200, a one-minute
    /// window and a burst of 100.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>: a token bucket holds the key's limit, a leaky bucket a tenth of it
    /// (at least 1).
    /// </value>
    public int? RateLimitBurst { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether 429 responses carry <c>Retry-After</c>: the whole seconds until the next
    /// request would be accepted, rounded up, at least 1. Turn it off to test a client against servers that send none.
    /// </summary>
    /// <value>The default value is <see langword="true"/>, as the API documents.</value>
    public bool RetryAfter { get; set; } = true;

    /// <summary>
    /// Gets or sets which rate-limit headers every response to a known key carries (200 and 429 alike), describing
    /// the key's state after the request.
    /// </summary>
    /// <value>
    /// The default value is <see cref="FakeRateLimitHeaders.None"/>: only a 429 says anything about the limit, through
    /// <c>Retry-After</c>.
    /// </value>
    public FakeRateLimitHeaders RateLimitHeaders { get; set; } = FakeRateLimitHeaders.None;

    /// <summary>
    /// Gets the origins of browser apps allowed to call the server (CORS), such as <c>http://127.0.0.1:5000</c> for a
    /// Blazor WebAssembly app in development, or <c>*</c> for any origin. The server then answers preflight requests
    /// for the methods and headers the SDK sends (<c>Authorization</c>, <c>Content-Type</c>, <c>Idempotency-Key</c>, …)
    /// and exposes the response headers a client reads (<c>Retry-After</c>, <c>X-Request-Id</c>, the rate-limit
    /// headers), which a browser would otherwise hide from the app.
    /// </summary>
    /// <value>The default value is empty: no CORS headers, so browsers refuse cross-origin calls.</value>
    public IList<string> CorsOrigins { get; } = new List<string>();

    /// <summary>
    /// Gets or sets how many requests <see cref="TelephonyFakeServer.Requests"/> keeps: the last ones, so that a soak test
    /// or a long development session does not grow the server's memory. <see cref="TelephonyFakeServer.RequestCounts"/>
    /// counts every request whatever this is; 0 keeps none.
    /// </summary>
    /// <value>The default value is 1,000.</value>
    public int RequestLogLimit { get; set; } = 1000;

    /// <summary>Gets or sets the clock for rate-limit windows, injected delays and the request journal.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>; tests pass a fake clock.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PublishableKeyRateLimit, nameof(PublishableKeyRateLimit));
        ArgumentOutOfRangeException.ThrowIfNegative(RequestLogLimit, nameof(RequestLogLimit));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SecretKeyRateLimit, nameof(SecretKeyRateLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(RateLimitWindow, TimeSpan.FromMilliseconds(1), nameof(RateLimitWindow));
        if (!Enum.IsDefined(RateLimitAlgorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(RateLimitAlgorithm), RateLimitAlgorithm, "Not a rate-limit algorithm.");
        }

        if (!Enum.IsDefined(RateLimitHeaders))
        {
            throw new ArgumentOutOfRangeException(nameof(RateLimitHeaders), RateLimitHeaders, "Not a rate-limit header dialect.");
        }

        if (RateLimitBurst is { } burst)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst, nameof(RateLimitBurst));
        }

        foreach (var (key, limit) in KeyRateLimits)
        {
            if (limit <= 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(KeyRateLimits), limit, $"The limit of key {FakeKeyRedaction.Redact(key)} must be positive.");
            }
        }
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        FakeServerCors.Validate(CorsOrigins);
    }
}
