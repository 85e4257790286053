using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Resilience;
using Telephony.Sdk.Testing;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Retry;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting;

public sealed class RateLimitTests
{
    [Fact]
    public async Task GetBalance_150CallsWithOnePublishableKey_At100PerMinuteAndNoneFail()
    {
        await using var host = await ResilienceTestHost.StartAsync(apiKey: TelephonyFakeServer.PublishableTestKey);

        var calls = Enumerable.Range(0, 150)
            .Select(_ => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken))
            .ToList();
        // The first 100 must have completed, not only reached the server: advancing the clock past an in-flight
        // attempt would fire its attempt timeout and turn it into a retry that then waits for a permit.
        await Eventually.TrueAsync(() => calls.Count(c => c.IsCompletedSuccessfully) == 100 && QueuedFor(host, TelephonyFakeServer.PublishableTestKey) == 50);

        Assert.Equal(100, host.Server.Requests.Count);
        // Permits come back a full window after use, at the next one-second replenishment: 61 fake seconds.
        for (var second = 0; second < 61; second++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var balances = await Task.WhenAll(calls).Within();

        Assert.All(balances, b => Assert.Equal(TelephonyFakeServer.DefaultBalance, b.Balance));
        var start = host.Clock.Start;
        Assert.Equal(100, host.Server.Requests.Count(r => r.Timestamp < start.AddMinutes(1)));
        Assert.Equal(50, host.Server.Requests.Count(r => r.Timestamp >= start.AddMinutes(1)));
        Assert.All(host.Server.Requests, r => Assert.Equal(200, r.StatusCode));
    }

    [Fact]
    public async Task GetBalance_WaitLongerThanBudget_FailsFastWithoutTouchingTheNetwork()
    {
        await using var host = await ResilienceTestHost.StartAsync(configure: o =>
        {
            // Two per minute with a 90-second budget: two more calls can wait for the next window, a fifth cannot.
            o.RateLimit.PermitsPerMinute = 2;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(90);
        });
        var ct = TestContext.Current.CancellationToken;
        await host.Client.Account.GetBalanceAsync(ct);
        await host.Client.Account.GetBalanceAsync(ct);
        using var queuedCalls = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var queued = Enumerable.Range(0, 2).Select(_ => host.Client.Account.GetBalanceAsync(queuedCalls.Token)).ToList();
        await Eventually.TrueAsync(() => QueuedFor(host, TelephonyFakeServer.SecretTestKey) == 2);

        var e = await Assert.ThrowsAsync<TelephonyRateLimitException>(() => host.Client.Account.GetBalanceAsync(ct));

        Assert.Equal("client_rate_limited", e.ErrorCode);
        Assert.Contains("Not sent", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, host.Server.Requests.Count);
        Assert.All(queued, c => Assert.False(c.IsCompleted));
        await queuedCalls.CancelAsync();
        foreach (var call in queued)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Within());
        }
    }

    [Fact]
    public async Task GetBalance_RateLimitDisabled_SendsEverythingAtOnce()
    {
        await using var host = await ResilienceTestHost.StartAsync(configure: o =>
        {
            o.RateLimit.Enabled = false;
            o.RateLimit.PermitsPerMinute = 1;
        });

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken))).Within();

        Assert.Equal(5, host.Server.Requests.Count);
    }

    [Fact]
    public async Task GetBalance_CustomLimiterFactory_IsUsedWithAHashedKeyId()
    {
        TelephonyRateLimitPartition? seen = null;
        await using var host = await ResilienceTestHost.StartAsync(configure: o => o.RateLimit.LimiterFactory = partition =>
        {
            seen = partition;
            return new System.Threading.RateLimiting.ConcurrencyLimiter(new() { PermitLimit = 1, QueueLimit = 10 });
        });

        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(seen);
        Assert.Equal(64, seen.KeyId.Length);
        Assert.DoesNotContain("sk_", seen.KeyId, StringComparison.Ordinal);
        Assert.False(seen.IsPublishable);
        Assert.Equal(1000, seen.PermitsPerMinute);
    }

    private static long? QueuedFor(ResilienceTestHost host, string apiKey) =>
        host.Services.GetRequiredService<KeyRateLimitRegistry>().Find(host.Server.BaseAddress, apiKey, new TelephonyRateLimitOptions())?.WindowLimiter?.GetStatistics()?.CurrentQueuedCount;
}
