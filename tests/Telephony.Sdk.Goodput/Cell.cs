using System.Globalization;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Goodput;

/// <summary>
/// One cell of the matrix: a server limiter the client was not told about (its algorithm, its limit as a multiple of
/// the documented default, whether a 429 carries Retry-After, which rate-limit headers every response carries), and a
/// burst of twice the server's limit per window.
/// </summary>
internal sealed record Cell(FakeRateLimitAlgorithm Algorithm, double LimitFactor, bool RetryAfter, FakeRateLimitHeaders Headers)
{
    /// <summary>The API's documented limit for secret keys, per minute; what a client knows before any header says more.</summary>
    public const int DocumentedLimit = 1000;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly FakeRateLimitAlgorithm[] Algorithms =
    [
        FakeRateLimitAlgorithm.FixedWindow, FakeRateLimitAlgorithm.SlidingWindow,
        FakeRateLimitAlgorithm.TokenBucket, FakeRateLimitAlgorithm.LeakyBucket,
    ];

    private static readonly FakeRateLimitHeaders[] HeaderDialects =
        [FakeRateLimitHeaders.None, FakeRateLimitHeaders.XRateLimit, FakeRateLimitHeaders.Ietf, FakeRateLimitHeaders.PolicyOnly];

    /// <summary>
    /// Gets the 96 cells: algorithm × limit (0.5×, 1×, 3×) × Retry-After (on, off) × headers (none, X-RateLimit, IETF,
    /// the IETF policy alone).
    /// </summary>
    public static IReadOnlyList<Cell> All { get; } =
    [
        .. from algorithm in Algorithms
           from factor in new[] { 0.5, 1, 3 }
           from retryAfter in new[] { true, false }
           from headers in HeaderDialects
           select new Cell(algorithm, factor, retryAfter, headers),
    ];

    /// <summary>Gets three representative cells for CI: the API's own model, a bucket that says little, a raised limit in IETF headers.</summary>
    public static IReadOnlyList<Cell> Smoke { get; } =
    [
        new(FakeRateLimitAlgorithm.FixedWindow, 1, RetryAfter: true, FakeRateLimitHeaders.None),
        new(FakeRateLimitAlgorithm.LeakyBucket, 1, RetryAfter: false, FakeRateLimitHeaders.None),
        new(FakeRateLimitAlgorithm.TokenBucket, 3, RetryAfter: true, FakeRateLimitHeaders.Ietf),
    ];

    /// <summary>Gets the server's limit per window.</summary>
    public int Limit => (int)(DocumentedLimit * LimitFactor);

    /// <summary>Gets the burst: twice the server's limit per window, as calls.</summary>
    public int Calls => 2 * Limit;

    /// <summary>Gets the leaky bucket's size: the fake's default, a tenth of the limit.</summary>
    public int LeakyBurst => Math.Max(1, Limit / 10);

    /// <summary>
    /// Gets the server's own pace for the burst, in the cell's (scaled) time: the windows and the token bucket (capacity
    /// L, refilled at L per window) take the first L at once and the second L within one window; the leaky bucket takes
    /// its burst at once and drains the rest at L per window. A limit above the documented one that no header announces
    /// cannot be found without probing above a documented limit, so there the ideal is the documented limit's pace.
    /// </summary>
    public TimeSpan Ideal
    {
        get
        {
            var serverPace = Algorithm == FakeRateLimitAlgorithm.LeakyBucket
                ? Window * (Calls - LeakyBurst) / Limit
                : Window;
            if (Limit <= DocumentedLimit || Headers != FakeRateLimitHeaders.None)
            {
                return serverPace;
            }

            var documentedPace = Window * (((Calls + DocumentedLimit - 1) / DocumentedLimit) - 1);
            return documentedPace > serverPace ? documentedPace : serverPace;
        }
    }

    public string AlgorithmName => Algorithm switch
    {
        FakeRateLimitAlgorithm.FixedWindow => "fixed window",
        FakeRateLimitAlgorithm.SlidingWindow => "sliding window",
        FakeRateLimitAlgorithm.TokenBucket => "token bucket",
        _ => "leaky bucket",
    };

    public string LimitName => string.Create(CultureInfo.InvariantCulture, $"{LimitFactor}× ({Limit}/min)");

    public string HeadersName => Headers switch
    {
        FakeRateLimitHeaders.XRateLimit => "X-RateLimit",
        FakeRateLimitHeaders.Ietf => "IETF",
        FakeRateLimitHeaders.PolicyOnly => "policy only",
        _ => "none",
    };

    /// <summary>Gets the name that <c>--cells</c> filters on, e.g. <c>leaky-bucket 3x ra-off ietf</c>.</summary>
    public string Id => string.Create(
        CultureInfo.InvariantCulture,
        $"{AlgorithmName.Replace(' ', '-')} {LimitFactor}x ra-{(RetryAfter ? "on" : "off")} {HeadersName.Replace(' ', '-').ToLowerInvariant()}");

    /// <summary>Selects cells by <c>--cells</c>: <c>all</c>, <c>smoke</c>, or a substring of <see cref="Id"/>.</summary>
    public static IReadOnlyList<Cell> Select(string filter) => filter switch
    {
        "all" => All,
        "smoke" => Smoke,
        _ => [.. All.Where(c => c.Id.Contains(filter, StringComparison.OrdinalIgnoreCase))],
    };
}
