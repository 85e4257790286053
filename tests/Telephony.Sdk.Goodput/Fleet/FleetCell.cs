using System.Globalization;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Goodput.Fleet;

/// <summary>The server of a fleet cell: one of the fake's algorithms, or a real limiter in front of the fake.</summary>
internal enum FleetServer
{
    FixedWindow,
    SlidingWindow,
    TokenBucket,
    LeakyBucket,

    /// <summary>nginx <c>limit_req</c>: a leaky bucket with a burst (<c>nodelay</c>); rejected requests cost nothing.</summary>
    Nginx,

    /// <summary>HAProxy stick table: <c>sc_http_req_rate</c> over a period, counting rejected requests against the key.</summary>
    HAProxy,
}

/// <summary>
/// One cell of the fleet matrix, run at real time: a key limited to <see cref="PerSecond"/> requests a second (the fake's
/// window and HAProxy's period are <see cref="Period"/>; the buckets hold <see cref="Burst"/>), whether a 429 carries
/// <c>Retry-After</c>, whether responses state the key's limit, and a burst of <see cref="Calls"/> calls shared evenly by
/// the instances. Below the documented 1000/min the client must learn the limit; the raised cells state 2400/min.
/// </summary>
internal sealed record FleetCell(FleetServer Server, int PerSecond, bool RetryAfter, bool Headers)
{
    public const int Burst = 50;

    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private static readonly FleetServer[] Servers = Enum.GetValues<FleetServer>();

    /// <summary>Gets the cells: every server × (no headers with and without Retry-After; headers at 10 r/s; headers at a raised 40 r/s).</summary>
    public static IReadOnlyList<FleetCell> All { get; } =
    [
        .. from server in Servers
           from cell in new[]
           {
               new FleetCell(server, 10, RetryAfter: true, Headers: false),
               new FleetCell(server, 10, RetryAfter: false, Headers: false),
               new FleetCell(server, 10, RetryAfter: true, Headers: true),
               new FleetCell(server, 40, RetryAfter: true, Headers: true),
           }
           select cell,
    ];

    /// <summary>Gets two real-limiter cells for CI: nginx without headers or Retry-After, HAProxy stating a raised limit.</summary>
    public static IReadOnlyList<FleetCell> Smoke { get; } =
    [
        new(FleetServer.Nginx, 10, RetryAfter: false, Headers: false),
        new(FleetServer.HAProxy, 40, RetryAfter: true, Headers: true),
    ];

    /// <summary>Gets the requests the server accepts per <see cref="Period"/> (a window's or a token bucket's capacity).</summary>
    public int PerPeriod => (int)(PerSecond * Period.TotalSeconds);

    /// <summary>Gets the limit per minute, as a server's headers state it.</summary>
    public int PerMinute => PerSecond * 60;

    /// <summary>Gets the calls: 40 seconds of the server's rate (400 at 10 r/s, 1,600 at 40 r/s).</summary>
    public int Calls => PerSecond * 40;

    /// <summary>
    /// Gets the server's own pace for the burst: the windows and the token bucket take one period's worth at once and the
    /// rest at the rate; the leaky buckets (the fake's and nginx) take their burst at once and drain the rest. HAProxy takes
    /// one period's worth at once and then nothing until that period ends: its rate counts the previous period in
    /// proportion to what is left of the current one, so after a full period it frees the rate's worth a second, from
    /// the period's end (<c>--fleet --check-ideal</c> sends on each of these schedules and counts the 429s).
    /// </summary>
    public TimeSpan Ideal => Server switch
    {
        FleetServer.LeakyBucket or FleetServer.Nginx => TimeSpan.FromSeconds((Calls - Burst) / (double)PerSecond),
        FleetServer.HAProxy => Period + TimeSpan.FromSeconds((Calls - PerPeriod) / (double)PerSecond),
        _ => TimeSpan.FromSeconds((Calls - PerPeriod) / (double)PerSecond),
    };

    public bool IsReal => Server is FleetServer.Nginx or FleetServer.HAProxy;

    public FakeRateLimitAlgorithm? FakeAlgorithm => Server switch
    {
        FleetServer.FixedWindow => FakeRateLimitAlgorithm.FixedWindow,
        FleetServer.SlidingWindow => FakeRateLimitAlgorithm.SlidingWindow,
        FleetServer.TokenBucket => FakeRateLimitAlgorithm.TokenBucket,
        FleetServer.LeakyBucket => FakeRateLimitAlgorithm.LeakyBucket,
        _ => null,
    };

    public string ServerName => Server switch
    {
        FleetServer.FixedWindow => "fake fixed window",
        FleetServer.SlidingWindow => "fake sliding window",
        FleetServer.TokenBucket => "fake token bucket",
        FleetServer.LeakyBucket => "fake leaky bucket",
        FleetServer.Nginx => "nginx limit_req",
        _ => "HAProxy stick table",
    };

    /// <summary>Gets what the responses say of the limit: the fake and HAProxy the IETF draft's policy and remaining; nginx only its policies (its burst per its drain time, and its rate per minute), no count.</summary>
    public string HeadersName => !Headers ? "none" : Server == FleetServer.Nginx ? "policy only" : "IETF";

    public string LimitName => string.Create(CultureInfo.InvariantCulture, $"{PerSecond} r/s ({PerMinute}/min)");

    /// <summary>Gets the name that <c>--cells</c> filters on, e.g. <c>nginx 10rps ra-off none</c>.</summary>
    public string Id => string.Create(
        CultureInfo.InvariantCulture,
        $"{Server.ToString().ToLowerInvariant()} {PerSecond}rps ra-{(RetryAfter ? "on" : "off")} {(Headers ? "headers" : "none")}");

    public static IReadOnlyList<FleetCell> Select(string filter) => filter switch
    {
        "all" => All,
        "smoke" => Smoke,
        _ => [.. All.Where(c => c.Id.Contains(filter, StringComparison.OrdinalIgnoreCase))],
    };
}
