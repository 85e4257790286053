using System.Net;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Tests.Testing;

/// <summary>The fake's rate-limit headers in both dialects, exact values on the wire, for every algorithm.</summary>
public sealed class FakeServerRateLimitHeaderTests
{
    private static readonly string[] RateLimitHeaderNames =
        ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "RateLimit-Policy", "RateLimit"];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task XRateLimit_FixedWindow_CountsDownAndResetsAtTheWindowsEnd()
    {
        await using var server = await StartAsync(FakeRateLimitHeaders.XRateLimit, FakeRateLimitAlgorithm.FixedWindow, limit: 3);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        var first = await XRateLimitAsync(http);
        _clock.Advance(TimeSpan.FromSeconds(20.5));
        var second = await XRateLimitAsync(http);
        var third = await XRateLimitAsync(http);
        using var limited = await GetAsync(http);

        Assert.Equal("200 3 2 60", first);
        Assert.Equal("200 3 1 40", second);
        Assert.Equal("200 3 0 40", third);
        Assert.Equal("429 3 0 40", XRateLimit(limited));
        Assert.Equal(TimeSpan.FromSeconds(40), limited.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task XRateLimit_SlidingWindow_ResetsWhenTheYoungestRequestLeaves()
    {
        await using var server = await StartAsync(FakeRateLimitHeaders.XRateLimit, FakeRateLimitAlgorithm.SlidingWindow, limit: 2);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        var first = await XRateLimitAsync(http);
        _clock.Advance(TimeSpan.FromSeconds(30));
        var second = await XRateLimitAsync(http);
        _clock.Advance(TimeSpan.FromSeconds(10));
        using var limited = await GetAsync(http);

        Assert.Equal("200 2 1 60", first);
        Assert.Equal("200 2 0 60", second);
        Assert.Equal("429 2 0 50", XRateLimit(limited));
        Assert.Equal(TimeSpan.FromSeconds(20), limited.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task XRateLimit_TokenBucket_ResetsWhenTheBucketIsFull()
    {
        await using var server = await StartAsync(FakeRateLimitHeaders.XRateLimit, FakeRateLimitAlgorithm.TokenBucket, limit: 6);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        var first = await XRateLimitAsync(http);
        var second = await XRateLimitAsync(http);
        _clock.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal("200 6 5 10", first);
        Assert.Equal("200 6 4 20", second);
        Assert.Equal("200 6 4 15", await XRateLimitAsync(http));
    }

    [Fact]
    public async Task XRateLimit_LeakyBucket_ReportsTheBurstAndResetsWhenTheBucketIsEmpty()
    {
        await using var server = await StartAsync(FakeRateLimitHeaders.XRateLimit, FakeRateLimitAlgorithm.LeakyBucket, limit: 60, burst: 5);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        var first = await XRateLimitAsync(http);
        for (var i = 0; i < 4; i++)
        {
            await XRateLimitAsync(http);
        }

        using var limited = await GetAsync(http);

        Assert.Equal("200 5 4 1", first);
        Assert.Equal("429 5 0 5", XRateLimit(limited));
        Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Ietf_FixedWindow_PolicyIsTheLimitPerWindow()
    {
        await using var server = await StartAsync(FakeRateLimitHeaders.Ietf, FakeRateLimitAlgorithm.FixedWindow, limit: 2);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        using var first = await GetAsync(http);
        _clock.Advance(TimeSpan.FromSeconds(59.5));
        using var second = await GetAsync(http);
        using var limited = await GetAsync(http);

        Assert.Equal("\"default\";q=2;w=60 | \"default\";r=1;t=60", Ietf(first));
        Assert.Equal("\"default\";q=2;w=60 | \"default\";r=0;t=1", Ietf(second));
        Assert.Equal("\"default\";q=2;w=60 | \"default\";r=0;t=1", Ietf(limited));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    [Fact]
    public async Task Ietf_SlidingWindow_RemainingGrowsBackAsRequestsLeaveTheWindow()
    {
        await using var server = await StartAsync(
            FakeRateLimitHeaders.Ietf, FakeRateLimitAlgorithm.SlidingWindow, limit: 3, window: TimeSpan.FromSeconds(10));
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        using var first = await GetAsync(http);
        _clock.Advance(TimeSpan.FromSeconds(4));
        using var second = await GetAsync(http);
        _clock.Advance(TimeSpan.FromSeconds(7));
        using var third = await GetAsync(http);

        Assert.Equal("\"default\";q=3;w=10 | \"default\";r=2;t=10", Ietf(first));
        Assert.Equal("\"default\";q=3;w=10 | \"default\";r=1;t=10", Ietf(second));
        Assert.Equal("\"default\";q=3;w=10 | \"default\";r=1;t=10", Ietf(third));
    }

    [Fact]
    public async Task Ietf_TokenBucket_EmptiedBucketTakesTheWholeWindowToRefill()
    {
        await using var server = await StartAsync(
            FakeRateLimitHeaders.Ietf, FakeRateLimitAlgorithm.TokenBucket, limit: 10, window: TimeSpan.FromSeconds(10));
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        using var first = await GetAsync(http);
        for (var i = 0; i < 9; i++)
        {
            using var ok = await GetAsync(http);
        }

        using var limited = await GetAsync(http);

        Assert.Equal("\"default\";q=10;w=10 | \"default\";r=9;t=1", Ietf(first));
        Assert.Equal("\"default\";q=10;w=10 | \"default\";r=0;t=10", Ietf(limited));
        Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Ietf_LeakyBucket_TwentyPerSecondBurstHundred_PolicyIsTheBurstPerItsDrainTime()
    {
        await using var server = await StartAsync(FakeRateLimitHeaders.Ietf, FakeRateLimitAlgorithm.LeakyBucket, limit: 1200, burst: 100);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        using var first = await GetAsync(http);
        _clock.Advance(TimeSpan.FromSeconds(1));
        using var aSecondLater = await GetAsync(http);

        Assert.Equal("\"default\";q=100;w=5 | \"default\";r=99;t=1", Ietf(first));
        Assert.Equal("\"default\";q=100;w=5 | \"default\";r=99;t=1", Ietf(aSecondLater));
    }

    [Theory]
    [InlineData(2400, 50, "\"default\";q=40;w=1")] // drains 50 in 1.25 s: stated per the whole second under it
    [InlineData(600, 25, "\"default\";q=20;w=2")] // 25 in 2.5 s
    [InlineData(1200, 10, "\"default\";q=10;w=1")] // 10 in 0.5 s: no whole second under it, so per the second above
    public async Task Ietf_LeakyBucket_DrainTimeNotWholeSeconds_PolicyKeepsTheDrainRateAndNeverMoreThanTheBurst(
        int limit, int burst, string policy)
    {
        await using var server = await StartAsync(FakeRateLimitHeaders.Ietf, FakeRateLimitAlgorithm.LeakyBucket, limit: limit, burst: burst);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        using var response = await GetAsync(http);

        Assert.StartsWith($"{policy} | ", Ietf(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FakeRateLimitAlgorithm.FixedWindow, "\"default\";q=2;w=60")]
    [InlineData(FakeRateLimitAlgorithm.LeakyBucket, "\"default\";q=1;w=30")]
    public async Task PolicyOnly_EveryResponse_ThePolicyAloneAndNeverACount(FakeRateLimitAlgorithm algorithm, string policy)
    {
        await using var server = await StartAsync(FakeRateLimitHeaders.PolicyOnly, algorithm, limit: 2);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        using var first = await GetAsync(http);
        using var second = await GetAsync(http);
        using var limited = await GetAsync(http);

        Assert.All([first, second, limited], r => Assert.Equal($"{policy} | ", Ietf(r)));
        Assert.All([first, second, limited], r => Assert.Equal(1, RateLimitHeaderNames.Count(r.Headers.Contains)));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Theory]
    [InlineData(FakeRateLimitHeaders.XRateLimit, 3)]
    [InlineData(FakeRateLimitHeaders.Ietf, 2)]
    [InlineData(FakeRateLimitHeaders.PolicyOnly, 1)]
    public async Task RateLimitHeaders_KnownKeyOnAnUnknownPath_AreSentWithThe404(FakeRateLimitHeaders dialect, int expected)
    {
        await using var server = await StartAsync(dialect, FakeRateLimitAlgorithm.FixedWindow, limit: 5);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        using var notFound = await http.GetAsync("no/such/endpoint", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(expected, RateLimitHeaderNames.Count(notFound.Headers.Contains));
    }

    [Theory]
    [InlineData(FakeRateLimitHeaders.XRateLimit)]
    [InlineData(FakeRateLimitHeaders.Ietf)]
    [InlineData(FakeRateLimitHeaders.PolicyOnly)]
    public async Task RateLimitHeaders_UnknownKey_AreNotSentWithThe401(FakeRateLimitHeaders dialect)
    {
        await using var server = await StartAsync(dialect, FakeRateLimitAlgorithm.FixedWindow, limit: 5);
        using var http = FakeServerRateLimitTests.PlainClient(server, "sk_test_unknown000000000000000000");

        using var unauthorized = await GetAsync(http);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.DoesNotContain(RateLimitHeaderNames, unauthorized.Headers.Contains);
    }

    [Fact]
    public async Task RateLimitHeaders_ByDefault_AreNotSentAnd429KeepsOnlyRetryAfter()
    {
        await using var server = await TelephonyFakeServer.StartAsync(
            o =>
            {
                o.TimeProvider = _clock;
                o.SecretKeyRateLimit = 1;
            },
            TestContext.Current.CancellationToken);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        using var ok = await GetAsync(http);
        using var limited = await GetAsync(http);

        Assert.DoesNotContain(RateLimitHeaderNames, ok.Headers.Contains);
        Assert.DoesNotContain(RateLimitHeaderNames, limited.Headers.Contains);
        Assert.Equal(TimeSpan.FromSeconds(60), limited.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task RateLimitHeaders_RetryAfterOff_StillDescribeThe429()
    {
        await using var server = await StartAsync(
            FakeRateLimitHeaders.XRateLimit, FakeRateLimitAlgorithm.FixedWindow, limit: 1, retryAfter: false);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        using var ok = await GetAsync(http);
        _clock.Advance(TimeSpan.FromSeconds(45));
        using var limited = await GetAsync(http);

        Assert.Equal("429 1 0 15", XRateLimit(limited));
        Assert.False(limited.Headers.Contains("Retry-After"));
    }

    private Task<TelephonyFakeServer> StartAsync(
        FakeRateLimitHeaders dialect, FakeRateLimitAlgorithm algorithm, int limit, int? burst = null, TimeSpan? window = null, bool retryAfter = true) =>
        TelephonyFakeServer.StartAsync(
            o =>
            {
                o.TimeProvider = _clock;
                o.RateLimitHeaders = dialect;
                o.RateLimitAlgorithm = algorithm;
                o.SecretKeyRateLimit = limit;
                o.RateLimitBurst = burst;
                o.RateLimitWindow = window ?? TimeSpan.FromMinutes(1);
                o.RetryAfter = retryAfter;
            },
            TestContext.Current.CancellationToken);

    private static Task<HttpResponseMessage> GetAsync(HttpClient http) =>
        http.GetAsync("account/balance", TestContext.Current.CancellationToken);

    private static async Task<string> XRateLimitAsync(HttpClient http)
    {
        using var response = await GetAsync(http);
        return XRateLimit(response);
    }

    // "<status> <limit> <remaining> <reset>", so a whole response's rate-limit state is one assertion.
    private static string XRateLimit(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {Header(response, "X-RateLimit-Limit")} {Header(response, "X-RateLimit-Remaining")} {Header(response, "X-RateLimit-Reset")}";

    private static string Ietf(HttpResponseMessage response) => $"{Header(response, "RateLimit-Policy")} | {Header(response, "RateLimit")}";

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}
