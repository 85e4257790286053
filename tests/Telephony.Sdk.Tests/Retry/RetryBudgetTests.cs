using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;

namespace Telephony.Sdk.Tests.Retry;

/// <summary>A 429 means the server did not process the request: it is retried while the call's time budget lasts.</summary>
public sealed class RetryBudgetTests
{
    [Fact]
    public async Task GetBalance_More429sThanMaxRetryAttempts_StillSucceeds()
    {
        await using var host = await ResilienceTestHost.StartAsync(configure: o => o.Resilience.MaxRetryAttempts = 1);
        host.Server.Faults.RespondWithStatus(429, times: 5, retryAfter: TimeSpan.FromSeconds(1));

        var call = host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        for (var answered = 1; answered <= 5; answered++)
        {
            await Eventually.TrueAsync(() => host.Server.Requests.Count == answered);
            await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1), count: answered);
            host.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var balance = await call.Within();

        Assert.Equal(TelephonyFakeServer.DefaultBalance, balance.Balance);
        Assert.Equal(6, host.Server.Requests.Count);
    }

    [Fact]
    public async Task GetBalance_ServerKeepsAnswering429WithoutRetryAfter_FailsOnlyWhenTheBudgetIsSpent()
    {
        await using var host = await ResilienceTestHost.StartAsync(configure: o =>
        {
            o.Resilience.BaseDelay = TimeSpan.FromSeconds(1);
            o.Resilience.MaxRetryDelay = TimeSpan.FromSeconds(60);
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(60);
        });
        host.Server.Faults.RespondWithStatus(429, times: 100);

        // The key backs off 1, 2, 4, 8 and 16 s (31 s in all); the next 32 s would outlast the 60 s budget.
        var call = host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        foreach (var backoff in new[] { 1, 2, 4, 8, 16 })
        {
            await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(backoff));
            host.Clock.Advance(TimeSpan.FromSeconds(backoff));
        }

        var e = await Assert.ThrowsAsync<TelephonyRateLimitException>(() => call.Within());

        Assert.Equal(6, host.Server.Requests.Count);
        Assert.Equal("client_rate_limited", e.ErrorCode);
    }
}
