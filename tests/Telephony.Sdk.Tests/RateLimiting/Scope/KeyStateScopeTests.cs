using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting.Scope;

/// <summary>A key's pause belongs to the key at one server, and obeys the rules of the call that waits on it.</summary>
public sealed class KeyStateScopeTests
{
    [Fact]
    public async Task GetBalance_SameKeyPausedByAnotherServer_IsNotHeld()
    {
        var clock = new ObservableTimeProvider();
        await using var paused = await TelephonyFakeServer.StartAsync(o => o.TimeProvider = clock, TestContext.Current.CancellationToken);
        await using var other = await TelephonyFakeServer.StartAsync(o => o.TimeProvider = clock, TestContext.Current.CancellationToken);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddTelephonyClient("paused", o => (o.ApiKey, o.BaseAddress) = (TelephonyFakeServer.SecretTestKey, paused.BaseAddress));
        services.AddTelephonyClient("other", o => (o.ApiKey, o.BaseAddress) = (TelephonyFakeServer.SecretTestKey, other.BaseAddress));
        await using var provider = new FakeClockServices(services.BuildServiceProvider(), clock);
        var factory = provider.GetRequiredService<ITelephonyClientFactory>();
        paused.Faults.RespondWithStatus(429, retryAfter: TimeSpan.FromSeconds(30));

        var held = factory.CreateClient("paused").Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(30));

        // Without advancing the clock: the other server never asked this key to wait.
        var balance = await factory.CreateClient("other").Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within();

        Assert.Equal(TelephonyFakeServer.DefaultBalance, balance.Balance);
        Assert.False(held.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(30));
        await held.Within();
        Assert.Equal(2, paused.Requests.Count);
    }

    [Fact]
    public async Task GetBalance_KeyPausedLongerThanMaxRetryDelay_LaterCallFailsFastWithoutSending()
    {
        await using var host = await ResilienceTestHost.StartAsync(configure: o => o.Resilience.MaxRetryDelay = TimeSpan.FromSeconds(60));
        host.Server.Faults.RespondWithStatus(429, retryAfter: TimeSpan.FromSeconds(120));
        var ct = TestContext.Current.CancellationToken;

        var first = await Assert.ThrowsAsync<TelephonyRateLimitException>(() => host.Client.Account.GetBalanceAsync(ct).Within());
        host.Clock.Advance(TimeSpan.FromSeconds(3));
        var later = await Assert.ThrowsAsync<TelephonyRateLimitException>(() => host.Client.Account.GetBalanceAsync(ct).Within());

        Assert.Equal(TimeSpan.FromSeconds(120), first.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(117), later.RetryAfter);
        Assert.Equal("client_rate_limited", later.ErrorCode);
        Assert.Single(host.Server.Requests);
    }
}
