// The Telephony.Sdk.Testing README's rate-limit example, compiled and run with the suite so that it stays true.
#pragma warning disable xUnit1051 // The README shows the shortest form; a user's suite may pass TestContext.Current.CancellationToken.
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.Testing;

namespace MyApp.Tests;

public sealed class LeakyBucketServerTests
{
    [Fact]
    public async Task Burst_ThenTwentyPerSecond()
    {
        var clock = new FakeTimeProvider();
        await using var server = await TelephonyFakeServer.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.RateLimitAlgorithm = FakeRateLimitAlgorithm.LeakyBucket;
            o.SecretKeyRateLimit = 1200; // per RateLimitWindow (one minute): 20 requests per second...
            o.RateLimitBurst = 100;      // ...with a burst of 100
            o.RateLimitHeaders = FakeRateLimitHeaders.Ietf;
        });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TelephonyFakeServer.SecretTestKey);

        for (var i = 0; i < 100; i++)
        {
            (await http.GetAsync("account/balance")).EnsureSuccessStatusCode().Dispose();
        }

        using var limited = await http.GetAsync("account/balance");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.Delta); // 50 ms, rounded up
        Assert.Equal("\"default\";q=100;w=5", limited.Headers.GetValues("RateLimit-Policy").Single());
        Assert.Equal("\"default\";r=0;t=5", limited.Headers.GetValues("RateLimit").Single());

        clock.Advance(TimeSpan.FromSeconds(1)); // 20 requests drain away
        using var next = await http.GetAsync("account/balance");
        Assert.Equal("\"default\";r=19;t=5", next.Headers.GetValues("RateLimit").Single());
    }
}
