using System.Net;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Tests.Testing;

/// <summary>The fake's selectable rate-limit algorithms and per-key limits, checked over HTTP with a plain HttpClient.</summary>
public sealed class FakeServerRateLimitAlgorithmTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(FakeRateLimitAlgorithm.FixedWindow, "200 200 | 200 200")]
    [InlineData(FakeRateLimitAlgorithm.SlidingWindow, "200 200 | 200 429")]
    public async Task Balance_AtTheEdgeOfAWindow_SlidingWindowStillCountsTheLastSpan(FakeRateLimitAlgorithm algorithm, string expected)
    {
        await using var server = await StartAsync(o =>
        {
            o.RateLimitAlgorithm = algorithm;
            o.SecretKeyRateLimit = 2;
            o.RateLimitWindow = TimeSpan.FromSeconds(10);
        });
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        var first = await StatusesAsync(http, 1);
        _clock.Advance(TimeSpan.FromSeconds(9));
        var second = await StatusesAsync(http, 1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var atEdge = await StatusesAsync(http, 2);

        Assert.Equal(expected, $"{first} {second} | {atEdge}");
    }

    [Fact]
    public async Task Balance_TokenBucket_TakesTenThenOneMorePerSecond()
    {
        await using var server = await StartAsync(o =>
        {
            o.RateLimitAlgorithm = FakeRateLimitAlgorithm.TokenBucket;
            o.SecretKeyRateLimit = 10;
            o.RateLimitWindow = TimeSpan.FromSeconds(10);
        });
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        var full = await StatusesAsync(http, 10);
        using var limited = await GetAsync(http);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var refilled = await StatusesAsync(http, 2);

        Assert.Equal(string.Join(' ', Enumerable.Repeat("200", 10)), full);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.Delta);
        Assert.Equal("200 429", refilled);
    }

    [Fact]
    public async Task Balance_LeakyBucket_TakesTheBurstThenOnePerSecond()
    {
        await using var server = await StartAsync(o =>
        {
            o.RateLimitAlgorithm = FakeRateLimitAlgorithm.LeakyBucket;
            o.PublishableKeyRateLimit = 60;
            o.RateLimitBurst = 5;
        });
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.PublishableTestKey);

        var burst = await StatusesAsync(http, 6);
        var perSecond = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            perSecond.Add(await StatusesAsync(http, 2));
        }

        Assert.Equal("200 200 200 200 200 429", burst);
        Assert.Equal(["200 429", "200 429", "200 429"], perSecond);
    }

    [Theory]
    [InlineData(FakeRateLimitAlgorithm.FixedWindow)]
    [InlineData(FakeRateLimitAlgorithm.SlidingWindow)]
    [InlineData(FakeRateLimitAlgorithm.TokenBucket)]
    [InlineData(FakeRateLimitAlgorithm.LeakyBucket)]
    public async Task Balance_RetryAfterOff_429HasNoRetryAfter(FakeRateLimitAlgorithm algorithm)
    {
        await using var server = await StartAsync(o =>
        {
            o.RateLimitAlgorithm = algorithm;
            o.SecretKeyRateLimit = 1;
            o.RetryAfter = false;
        });
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        using var ok = await GetAsync(http);
        using var limited = await GetAsync(http);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.False(limited.Headers.Contains("Retry-After"));
    }

    [Theory]
    [InlineData(FakeRateLimitAlgorithm.SlidingWindow, 60)]
    [InlineData(FakeRateLimitAlgorithm.TokenBucket, 6)]
    [InlineData(FakeRateLimitAlgorithm.LeakyBucket, 6)]
    public async Task Balance_RetryAfterOn_IsTheWaitForTheNextAcceptedRequest(FakeRateLimitAlgorithm algorithm, int expectedSeconds)
    {
        await using var server = await StartAsync(o =>
        {
            o.RateLimitAlgorithm = algorithm;
            o.SecretKeyRateLimit = 10;
            o.RateLimitBurst = 1;
        });
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);
        var statuses = await StatusesAsync(http, algorithm == FakeRateLimitAlgorithm.SlidingWindow ? 10 : 1);

        using var limited = await GetAsync(http);
        _clock.Advance(TimeSpan.FromSeconds(expectedSeconds) - TimeSpan.FromTicks(1));
        using var early = await GetAsync(http);
        _clock.Advance(TimeSpan.FromTicks(1));
        using var onTime = await GetAsync(http);

        Assert.DoesNotContain("429", statuses, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, early.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onTime.StatusCode);
    }

    [Theory]
    [InlineData(TelephonyFakeServer.PublishableTestKey, 1)]
    [InlineData(TelephonyFakeServer.PublishableTestKey, 99)]
    [InlineData(TelephonyFakeServer.PublishableTestKey, 100)]
    [InlineData(TelephonyFakeServer.PublishableTestKey, 150)]
    [InlineData(TelephonyFakeServer.SecretTestKey, 3)]
    [InlineData(TelephonyFakeServer.SecretTestKey, 1000)]
    [InlineData(TelephonyFakeServer.SecretTestKey, 1200)]
    public async Task Balance_KeyWithItsOwnLimit_AcceptsExactlyThatMany(string apiKey, int limit)
    {
        await using var server = await StartAsync(o => o.KeyRateLimits[apiKey] = limit);
        using var http = FakeServerRateLimitTests.PlainClient(server, apiKey);

        var statuses = (await StatusesAsync(http, limit + 1)).Split(' ');

        Assert.Equal(limit, statuses.Count(s => s == "200"));
        Assert.Equal("429", statuses[^1]);
    }

    [Fact]
    public async Task Balance_KeyWithItsOwnLimit_LeavesOtherKeysAtTheirKindsLimit()
    {
        await using var server = await StartAsync(o =>
        {
            o.PublishableKeyRateLimit = 2;
            o.KeyRateLimits[TelephonyFakeServer.PublishableTestKey] = 4;
            o.KeyRateLimits[TelephonyFakeServer.SecretTestKey] = 1;
        });
        using var listed = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.PublishableTestKey);
        using var sameKind = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.PublishableLiveKey);
        using var listedSecret = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        Assert.Equal("200 200 200 200 429", await StatusesAsync(listed, 5));
        Assert.Equal("200 200 429", await StatusesAsync(sameKind, 3));
        Assert.Equal("200 429", await StatusesAsync(listedSecret, 2));
    }

    [Fact]
    public async Task StartAsync_NonPositiveKeyLimit_ThrowsWithoutTheWholeKey()
    {
        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TelephonyFakeServer.StartAsync(
            o => o.KeyRateLimits[TelephonyFakeServer.SecretTestKey] = 0, TestContext.Current.CancellationToken));

        Assert.Equal("KeyRateLimits", e.ParamName);
        Assert.DoesNotContain(TelephonyFakeServer.SecretTestKey, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_NonPositiveBurst_Throws()
    {
        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => TelephonyFakeServer.StartAsync(o => o.RateLimitBurst = 0, TestContext.Current.CancellationToken));

        Assert.Equal("RateLimitBurst", e.ParamName);
    }

    [Fact]
    public async Task StartAsync_UndefinedAlgorithm_Throws()
    {
        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => TelephonyFakeServer.StartAsync(o => o.RateLimitAlgorithm = (FakeRateLimitAlgorithm)42, TestContext.Current.CancellationToken));

        Assert.Equal("RateLimitAlgorithm", e.ParamName);
    }

    [Fact]
    public void Options_Defaults_AreTheApisFixedWindowWithRetryAfterAndNoHeaders()
    {
        var options = new TelephonyFakeServerOptions();

        Assert.Equal(FakeRateLimitAlgorithm.FixedWindow, options.RateLimitAlgorithm);
        Assert.Null(options.RateLimitBurst);
        Assert.Empty(options.KeyRateLimits);
        Assert.True(options.RetryAfter);
        Assert.Equal(FakeRateLimitHeaders.None, options.RateLimitHeaders);
        Assert.Equal((100, 1000, TimeSpan.FromMinutes(1)), (options.PublishableKeyRateLimit, options.SecretKeyRateLimit, options.RateLimitWindow));
    }

    private Task<TelephonyFakeServer> StartAsync(Action<TelephonyFakeServerOptions> configure) =>
        TelephonyFakeServer.StartAsync(
            o =>
            {
                o.TimeProvider = _clock;
                configure(o);
            },
            TestContext.Current.CancellationToken);

    private static Task<HttpResponseMessage> GetAsync(HttpClient http) =>
        http.GetAsync("account/balance", TestContext.Current.CancellationToken);

    private static async Task<string> StatusesAsync(HttpClient http, int requests)
    {
        var statuses = new List<int>();
        for (var i = 0; i < requests; i++)
        {
            using var response = await GetAsync(http);
            statuses.Add((int)response.StatusCode);
        }

        return string.Join(' ', statuses);
    }
}
