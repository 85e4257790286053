using System.Net;
using System.Text;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Support;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;

namespace Telephony.Sdk.Tests.Retry;

public sealed class TransientRetryTests
{
    [Fact]
    public async Task GetBalance_503ThenOk_IsRetriedAfterBackoff()
    {
        await using var host = await ResilienceTestHost.StartAsync();
        host.Server.Faults.RespondWithStatus(503);

        var call = host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await host.Clock.WaitForTimerAsync(d => d <= TimeSpan.FromSeconds(2));
        host.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TelephonyFakeServer.DefaultBalance, (await call.Within()).Balance);
        Assert.Equal([503, 200], host.Server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task GetBalance_503WithRetryAfter20_IsRetriedOnlyAfter20FakeSecondsNotAfterTheBackoff()
    {
        await using var host = await ResilienceTestHost.StartAsync();
        host.Server.Faults.RespondWithStatus(503, retryAfter: TimeSpan.FromSeconds(20));

        var call = host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(20));
        host.Clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False(call.IsCompleted);
        host.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TelephonyFakeServer.DefaultBalance, (await call.Within()).Balance);
        Assert.Equal([503, 200], host.Server.Requests.Select(r => r.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(20), host.Server.Requests[1].Timestamp - host.Server.Requests[0].Timestamp);
    }

    [Fact]
    public async Task GetBalance_503WithRetryAfterAboveMaxRetryDelay_ThrowsAtOnceWithTheRetryAfterAndOneRequest()
    {
        await using var host = await ResilienceTestHost.StartAsync(configure: o => o.Resilience.MaxRetryDelay = TimeSpan.FromSeconds(60));
        host.Server.Faults.RespondWithStatus(503, retryAfter: TimeSpan.FromSeconds(120));

        // Bounded: a retry scheduled on the fake clock would never come back.
        var e = await Assert.ThrowsAsync<TelephonyServerException>(
            () => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within());

        Assert.Equal(TimeSpan.FromSeconds(120), e.RetryAfter);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task SendAsync_PostAnswered503_IsNotRetried()
    {
        await using var host = await ResilienceTestHost.StartAsync();
        host.Server.Faults.RespondWithStatus(503);
        using var body = new StringContent("""{"to":"+15550100"}""", Encoding.UTF8, "application/json");

        var e = await Assert.ThrowsAsync<TelephonyServerException>(
            () => host.Client.SendAsync(HttpMethod.Post, "calls", body, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task SendAsync_PostWithIdempotencyKey_IsRetriedWithTheSameKey()
    {
        await using var host = await ResilienceTestHost.StartAsync();
        host.Server.Faults.RespondWithStatus(503);
        using var body = new StringContent("""{"to":"+15550100"}""", Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("calls", UriKind.Relative)) { Content = body };
        request.Headers.Add("Idempotency-Key", "order-42");

        var call = host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        await host.Clock.WaitForTimerAsync(d => d <= TimeSpan.FromSeconds(2));
        host.Clock.Advance(TimeSpan.FromSeconds(2));

        // After the injected 503, the fake answers 404 for the unmodelled path: the retry did reach it.
        await Assert.ThrowsAsync<TelephonyNotFoundException>(() => call.Within());
        Assert.Equal([503, 404], host.Server.Requests.Select(r => r.StatusCode));
        Assert.All(host.Attempts.Sent, r => Assert.Equal("order-42", Assert.Single(r.Headers.GetValues("Idempotency-Key"))));
        Assert.Equal(2, host.Attempts.Sent.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(422)]
    public async Task GetBalance_ClientErrorStatus_IsNeverRetried(int status)
    {
        await using var host = await ResilienceTestHost.StartAsync();
        host.Server.Faults.RespondWithStatus(status);

        var e = await Assert.ThrowsAnyAsync<TelephonyApiException>(() => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode)status, e.StatusCode);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task GetBalance_AttemptTimesOut_IsRetriedAndSucceeds()
    {
        await using var host = await ResilienceTestHost.StartAsync(configure: o => o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5));
        host.Server.Faults.Delay(TimeSpan.FromHours(1));

        var call = host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromHours(1));
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        await host.Clock.WaitForTimerAsync(d => d <= TimeSpan.FromSeconds(2));
        host.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TelephonyFakeServer.DefaultBalance, (await call.Within()).Balance);
        Assert.Equal(2, host.Attempts.Sent.Count);
    }

    [Fact]
    public async Task GetBalance_TotalTimeoutExpires_ThrowsTelephonyTimeoutException()
    {
        await using var host = await ResilienceTestHost.StartAsync(configure: o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(8);
        });
        host.Server.Faults.Delay(TimeSpan.FromHours(1), times: 10);

        var call = host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromHours(1));
        for (var second = 0; second < 10 && !call.IsCompleted; second++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        var e = await Assert.ThrowsAsync<TelephonyTimeoutException>(() => call.Within());
        Assert.Contains("TotalTimeout", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBalance_SecondaryKeyAfterA401_TriedWithinTheSameTotalTimeout()
    {
        var primary = FakeKeys.New("sk_test_");
        await using var host = await ResilienceTestHost.StartAsync(apiKey: primary, configure: o =>
        {
            o.SecondaryApiKey = TelephonyFakeServer.SecretTestKey;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(8);
        });
        host.Server.Faults.Delay(TimeSpan.FromSeconds(4));
        host.Server.Faults.Delay(TimeSpan.FromHours(1), times: 10);

        var call = host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(4));
        host.Clock.Advance(TimeSpan.FromSeconds(4));
        await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromHours(1));
        host.Clock.Advance(TimeSpan.FromSeconds(3.9));
        Assert.False(call.IsCompleted);

        // The primary key's 401 came after 4 s; the secondary key has the 4 s left of the call's 8, not 8 more.
        host.Clock.Advance(TimeSpan.FromSeconds(0.1));

        var e = await Assert.ThrowsAsync<TelephonyTimeoutException>(() => call.Within());
        Assert.Contains("TotalTimeout", e.Message, StringComparison.Ordinal);
        // Two attempts left the client, the second with the secondary key; the server answered the first with 401 and was
        // still holding the second when the budget ran out.
        Assert.Equal(2, host.Attempts.Sent.Count);
        Assert.Equal(TelephonyFakeServer.SecretTestKey, host.Attempts.Sent[1].Headers.Authorization?.Parameter);
        Assert.Equal(401, host.Server.Requests[0].StatusCode);
    }
}
