using System.Net;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Tests.Testing;

/// <summary>
/// CORS on the fake, as a browser uses it: the preflight (OPTIONS with Origin and Access-Control-Request-*), then the
/// request itself, whose response headers the browser shows the app only when they are exposed.
/// </summary>
public sealed class FakeServerCorsTests
{
    private const string AppOrigin = "http://127.0.0.1:5000";

    [Fact]
    public async Task Preflight_AllowedOrigin_AllowsTheSdksMethodsAndHeadersAndIsNotJournaled()
    {
        await using var server = await TelephonyFakeServer.StartAsync(o => o.CorsOrigins.Add(AppOrigin), TestContext.Current.CancellationToken);

        using var response = await PreflightAsync(server, AppOrigin, "GET", "authorization,content-type,idempotency-key");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([AppOrigin], response.Headers.GetValues("Access-Control-Allow-Origin"));
        var allowedHeaders = HeaderList(response, "Access-Control-Allow-Headers");
        Assert.Contains("authorization", allowedHeaders);
        Assert.Contains("content-type", allowedHeaders);
        Assert.Contains("idempotency-key", allowedHeaders);
        Assert.Contains("get", HeaderList(response, "Access-Control-Allow-Methods"));
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task Preflight_OtherMethodsOfSendAsync_AreAllowed(string method)
    {
        await using var server = await TelephonyFakeServer.StartAsync(o => o.CorsOrigins.Add(AppOrigin), TestContext.Current.CancellationToken);

        using var response = await PreflightAsync(server, AppOrigin, method, "authorization,content-type");

        Assert.Contains(method.ToLowerInvariant(), HeaderList(response, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Preflight_OtherOrigin_IsNotAllowed()
    {
        await using var server = await TelephonyFakeServer.StartAsync(o => o.CorsOrigins.Add(AppOrigin), TestContext.Current.CancellationToken);

        using var response = await PreflightAsync(server, "http://127.0.0.1:6000", "GET", "authorization");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Get_RateLimited_ExposesRetryAfterAndRateLimitHeaders()
    {
        await using var server = await TelephonyFakeServer.StartAsync(o =>
        {
            o.CorsOrigins.Add(AppOrigin);
            o.PublishableKeyRateLimit = 1;
            o.RateLimitHeaders = FakeRateLimitHeaders.XRateLimit;
        }, TestContext.Current.CancellationToken);

        using var first = await GetBalanceAsync(server, AppOrigin);
        using var limited = await GetBalanceAsync(server, AppOrigin);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal([AppOrigin], limited.Headers.GetValues("Access-Control-Allow-Origin"));
        var exposed = HeaderList(limited, "Access-Control-Expose-Headers");
        string[] needed = ["retry-after", "x-request-id", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "ratelimit", "ratelimit-policy"];
        Assert.All(needed, header => Assert.Contains(header, exposed));
    }

    [Fact]
    public async Task Get_AnyOrigin_IsAllowedWithAStar()
    {
        await using var server = await TelephonyFakeServer.StartAsync(o => o.CorsOrigins.Add("*"), TestContext.Current.CancellationToken);

        using var preflight = await PreflightAsync(server, "https://app.example", "GET", "authorization");
        using var response = await GetBalanceAsync(server, "https://app.example");

        Assert.Equal(["*"], preflight.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["*"], response.Headers.GetValues("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Default_NoOrigins_AnswersNoCorsHeaders()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var preflight = await PreflightAsync(server, AppOrigin, "GET", "authorization");
        using var response = await GetBalanceAsync(server, AppOrigin);

        // Without CORS the preflight is an ordinary request without a key: the API's 401, no permission for the browser.
        Assert.Equal(HttpStatusCode.Unauthorized, preflight.StatusCode);
        Assert.DoesNotContain(preflight.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("127.0.0.1:5000")]
    [InlineData("http://127.0.0.1:5000/app")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("")]
    public async Task StartAsync_NotAnOrigin_ThrowsArgumentException(string origin)
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            TelephonyFakeServer.StartAsync(o => o.CorsOrigins.Add(origin), TestContext.Current.CancellationToken));

        Assert.Equal("CorsOrigins", e.ParamName);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(TelephonyFakeServer server, string origin, string method, string headers)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Options, "account/balance");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<HttpResponseMessage> GetBalanceAsync(TelephonyFakeServer server, string origin)
    {
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.PublishableTestKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "account/balance");
        request.Headers.Add("Origin", origin);
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    // Header names and methods in lower case: CORS compares them without regard to case.
    private static string[] HeaderList(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
            ? [.. values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Select(v => v.ToLowerInvariant())]
            : [];
}
