using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.RateLimiting.Scope;

/// <summary>
/// A key's state is released once it has been idle past its window, and kept while a pause still holds it. A key used
/// again starts from its documented limit.
/// </summary>
public sealed class IdleKeyReleaseTests
{
    [Fact]
    public async Task GetBalanceAsync_KeyIdlePastItsWindow_IsReleasedWhileAPausedKeyIsKept()
    {
        var (idle, paused, later, last) = (FakeKeys.NewSecretKey(), FakeKeys.NewSecretKey(), FakeKeys.NewSecretKey(), FakeKeys.NewSecretKey());
        await using var host = await ResilienceTestHost.StartAsync(
            configure: o => o.Resilience.MaxRetryDelay = TimeSpan.FromSeconds(60),
            configureServer: o => (o.Keys[idle], o.Keys[paused], o.Keys[later], o.Keys[last]) = (1m, 2m, 3m, 4m));
        var registry = host.Services.GetRequiredService<KeyRateLimitRegistry>();
        var ct = TestContext.Current.CancellationToken;

        await host.Client.Account.GetBalanceAsync(new TelephonyRequestOptions { ApiKey = idle }, ct).Within();
        host.Server.Faults.RespondWithStatus(429, retryAfter: TimeSpan.FromMinutes(5));
        await Assert.ThrowsAsync<TelephonyRateLimitException>(
            () => host.Client.Account.GetBalanceAsync(new TelephonyRequestOptions { ApiKey = paused }, ct).Within());

        host.Clock.Advance(TimeSpan.FromSeconds(62));
        await host.Client.Account.GetBalanceAsync(new TelephonyRequestOptions { ApiKey = later }, ct).Within();

        Assert.Null(registry.Find(host.Server.BaseAddress, idle, new TelephonyRateLimitOptions()));
        Assert.NotNull(registry.Find(host.Server.BaseAddress, paused, new TelephonyRateLimitOptions()));
        Assert.NotNull(host.Client.GetRateLimitState(paused).PausedUntil);

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.Client.Account.GetBalanceAsync(new TelephonyRequestOptions { ApiKey = last }, ct).Within();

        Assert.Null(registry.Find(host.Server.BaseAddress, paused, new TelephonyRateLimitOptions()));
        var released = host.Client.GetRateLimitState(paused);
        Assert.Equal((1000, TelephonyRateLimitSource.DocumentedDefault, (DateTimeOffset?)null), (released.Limit, released.Source, released.PausedUntil));
    }
}
