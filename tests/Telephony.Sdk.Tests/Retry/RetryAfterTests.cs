using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;

namespace Telephony.Sdk.Tests.Retry;

public sealed class RetryAfterTests
{
    [Fact]
    public async Task GetBalance_429WithRetryAfter30_CompletesOnlyAfter30FakeSecondsWithTwoRequests()
    {
        await using var host = await ResilienceTestHost.StartAsync();
        host.Server.Faults.RespondWithStatus(429, retryAfter: TimeSpan.FromSeconds(30));

        var call = host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(30));
        host.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var balance = await call.Within();

        Assert.Equal(TelephonyFakeServer.DefaultBalance, balance.Balance);
        Assert.Equal([429, 200], host.Server.Requests.Select(r => r.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(30), host.Server.Requests[1].Timestamp - host.Server.Requests[0].Timestamp);
    }

    [Fact]
    public async Task GetBalance_RetryAfterAsHttpDate_WaitsUntilThatDateOnTheInjectedClock()
    {
        var clock = new ObservableTimeProvider();
        var responses = new StubResponses(
            () => StubResponses.Status(429, r => r.Headers.RetryAfter = new RetryConditionHeaderValue(clock.GetUtcNow().AddSeconds(20))),
            () => StubResponses.Json("""{"balance":7.25}"""));
        await using var provider = StubResponses.BuildClient(clock, responses);
        var client = provider.GetRequiredService<TelephonyClient>();

        var call = client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(20));
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(7.25m, (await call.Within()).Balance);
        Assert.Equal(2, responses.Served);
    }

    [Fact]
    public async Task GetBalance_RetryAfterAboveMaxRetryDelay_ThrowsAtOnceWithRetryAfterAndOneRequest()
    {
        await using var host = await ResilienceTestHost.StartAsync(configure: o => o.Resilience.MaxRetryDelay = TimeSpan.FromSeconds(60));
        host.Server.Faults.RespondWithStatus(429, retryAfter: TimeSpan.FromSeconds(120));

        var e = await Assert.ThrowsAsync<TelephonyRateLimitException>(
            () => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(120), e.RetryAfter);
        Assert.Single(host.Server.Requests);
        Assert.DoesNotContain(TimeSpan.FromSeconds(120), host.Clock.OneShotDueTimes);
    }

    // The pipeline ignores a Retry-After over a day as garbage; the exception must not report it either.
    [Fact]
    public async Task GetBalance_RetryAfterOverADay_IsIgnoredByThePipelineAndTheExceptionAlike()
    {
        var clock = new ObservableTimeProvider();
        var responses = new StubResponses(() => StubResponses.Status(503, r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromDays(3))));
        await using var provider = StubResponses.BuildClient(clock, responses, o => o.Resilience.MaxRetryAttempts = 0);
        var client = provider.GetRequiredService<TelephonyClient>();

        var e = await Assert.ThrowsAsync<TelephonyServerException>(() => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Null(e.RetryAfter);
        Assert.Equal(1, responses.Served);
    }

    [Fact]
    public async Task GetBalance_RetryAfterBeyondTotalBudget_ThrowsAtOnce()
    {
        await using var host = await ResilienceTestHost.StartAsync(configure: o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(20);
        });
        host.Server.Faults.RespondWithStatus(429, retryAfter: TimeSpan.FromSeconds(45));

        var e = await Assert.ThrowsAsync<TelephonyRateLimitException>(
            () => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(45), e.RetryAfter);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task GetBalance_429WithoutRetryAfter_BacksOffWithJitterWithinTheCap()
    {
        await using var host = await ResilienceTestHost.StartAsync(configure: o =>
        {
            o.Resilience.MaxRetryAttempts = 4;
            o.Resilience.BaseDelay = TimeSpan.FromSeconds(1);
            o.Resilience.MaxRetryDelay = TimeSpan.FromSeconds(3);
        });
        host.Server.Faults.RespondWithStatus(429, times: 4);

        var call = host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        for (var retry = 1; retry <= 4; retry++)
        {
            await host.Clock.WaitForTimerAsync(d => d > TimeSpan.Zero && d <= TimeSpan.FromSeconds(3), count: retry);
            host.Clock.Advance(TimeSpan.FromSeconds(3));
        }

        await call.Within();
        var delays = host.Clock.OneShotDueTimes.Where(d => d <= TimeSpan.FromSeconds(3)).ToList();
        Assert.Equal(4, delays.Count);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(3)));
        Assert.Equal(5, host.Server.Requests.Count);
    }

    [Fact]
    public void RetryAfterHeader_ReadTwiceForOneResponse_ParsedOnceWhileANewResponseIsReadAfresh()
    {
        var clock = new ObservableTimeProvider();
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.telephony.invalid/api/account/balance");
        using var first = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests) { RequestMessage = request };
        first.Headers.RetryAfter = new RetryConditionHeaderValue(clock.GetUtcNow().AddSeconds(20));

        Assert.Equal(TimeSpan.FromSeconds(20), Telephony.Sdk.Retry.RetryAfterHeader.Read(first, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(5));

        // The steps after the first (retry rule, error) get the first reading, not one that moved with the clock.
        Assert.Equal(TimeSpan.FromSeconds(20), Telephony.Sdk.Retry.RetryAfterHeader.Read(first, clock.GetUtcNow()));

        using var second = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests) { RequestMessage = request };
        second.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(3), Telephony.Sdk.Retry.RetryAfterHeader.Read(second, clock.GetUtcNow()));
    }
}
