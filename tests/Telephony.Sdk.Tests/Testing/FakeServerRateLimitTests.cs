using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Tests.Testing;

/// <summary>The fake's per-key rate limits, checked with a plain HttpClient so the SDK cannot share a misunderstanding.</summary>
public sealed class FakeServerRateLimitTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Balance_101stPublishableRequestInWindow_Gets429WithRetryAfterAndEnvelope()
    {
        await using var server = await TelephonyFakeServer.StartAsync(o => o.TimeProvider = _clock, TestContext.Current.CancellationToken);
        using var http = PlainClient(server, TelephonyFakeServer.PublishableTestKey);

        for (var i = 0; i < 100; i++)
        {
            using var ok = await http.GetAsync("account/balance", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        _clock.Advance(TimeSpan.FromSeconds(20));
        using var limited = await http.GetAsync("account/balance", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(40), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(
            """{"error":{"code":"rate_limited","message":"Too many requests"}}""",
            await limited.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Balance_AfterWindowCloses_ServesAgain()
    {
        await using var server = await TelephonyFakeServer.StartAsync(o =>
        {
            o.TimeProvider = _clock;
            o.PublishableKeyRateLimit = 2;
        }, TestContext.Current.CancellationToken);
        using var http = PlainClient(server, TelephonyFakeServer.PublishableTestKey);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.GetAsync("account/balance", TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        using var afterWindow = await http.GetAsync("account/balance", TestContext.Current.CancellationToken);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, afterWindow.StatusCode);
    }

    [Fact]
    public async Task Balance_SecretKey_HasItsOwnLargerLimitPerKey()
    {
        await using var server = await TelephonyFakeServer.StartAsync(o =>
        {
            o.TimeProvider = _clock;
            o.PublishableKeyRateLimit = 1;
            o.SecretKeyRateLimit = 3;
        }, TestContext.Current.CancellationToken);
        using var publishable = PlainClient(server, TelephonyFakeServer.PublishableTestKey);
        using var secret = PlainClient(server, TelephonyFakeServer.SecretTestKey);

        var publishableStatuses = new List<HttpStatusCode>();
        var secretStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var p = await publishable.GetAsync("account/balance", TestContext.Current.CancellationToken);
            using var s = await secret.GetAsync("account/balance", TestContext.Current.CancellationToken);
            publishableStatuses.Add(p.StatusCode);
            secretStatuses.Add(s.StatusCode);
        }

        Assert.Equal(1, publishableStatuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, secretStatuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, secretStatuses[3]);
    }

    [Fact]
    public async Task Balance_ShortenedWindow_RetryAfterRoundsUpToWholeSeconds()
    {
        await using var server = await TelephonyFakeServer.StartAsync(o =>
        {
            o.TimeProvider = _clock;
            o.SecretKeyRateLimit = 1;
            o.RateLimitWindow = TimeSpan.FromMilliseconds(1500);
        }, TestContext.Current.CancellationToken);
        using var http = PlainClient(server, TelephonyFakeServer.SecretTestKey);

        using var first = await http.GetAsync("account/balance", TestContext.Current.CancellationToken);
        using var second = await http.GetAsync("account/balance", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), second.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task StartAsync_NonPositiveLimit_Throws()
    {
        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => TelephonyFakeServer.StartAsync(o => o.PublishableKeyRateLimit = 0, TestContext.Current.CancellationToken));

        Assert.Equal("PublishableKeyRateLimit", e.ParamName);
    }

    internal static HttpClient PlainClient(TelephonyFakeServer server, string? apiKey)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return http;
    }
}
