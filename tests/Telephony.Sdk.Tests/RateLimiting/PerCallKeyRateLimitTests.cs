using Telephony.Sdk.Authentication;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.RateLimiting;

/// <summary>
/// Keys given per call on one client each have their own rate-limit state, against a fake server that limits each key
/// differently (its own numbers, not the SDK's documented defaults): a 429 on one key never holds another.
/// </summary>
public sealed class PerCallKeyRateLimitTests
{
    [Fact]
    public async Task GetBalanceAsync_TwoPerCallKeysLimitedDifferently_A429OnOneNeverPausesTheOther()
    {
        var tight = FakeKeys.NewSecretKey();
        var roomy = FakeKeys.NewSecretKey();
        await using var host = await ResilienceTestHost.StartAsync(configureServer: o =>
        {
            (o.Keys[tight], o.Keys[roomy]) = (1m, 2m);
            (o.KeyRateLimits[tight], o.KeyRateLimits[roomy]) = (3, 500);
        });
        var ct = TestContext.Current.CancellationToken;
        var tightCall = new TelephonyRequestOptions { ApiKey = tight };
        var roomyCall = new TelephonyRequestOptions { ApiKey = roomy };

        for (var i = 0; i < 3; i++)
        {
            await host.Client.Account.GetBalanceAsync(tightCall, ct).Within();
        }

        // The fourth call of the tight key meets the server's limit and waits out its Retry-After.
        var held = host.Client.Account.GetBalanceAsync(tightCall, ct);
        await Eventually.TrueAsync(() => host.Client.GetRateLimitState(tight).PausedUntil is not null);

        // Meanwhile the other key sends at once, with no time passing, and its state knows no pause.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(2m, (await host.Client.Account.GetBalanceAsync(roomyCall, ct).Within()).Balance);
        }

        Assert.False(held.IsCompleted);
        Assert.Null(host.Client.GetRateLimitState(roomy).PausedUntil);
        Assert.NotNull(host.Client.GetRateLimitState(tight).PausedUntil);
        var byKey = host.Server.Requests.GroupBy(r => r.RedactedKey).ToDictionary(g => g.Key!, g => g.Select(r => r.StatusCode).ToList());
        Assert.Equal([200, 200, 200, 429], byKey[ApiKeyRedaction.Redact(tight)]);
        Assert.Equal(Enumerable.Repeat<int?>(200, 20), byKey[ApiKeyRedaction.Redact(roomy)]);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1m, (await held.Within()).Balance);
    }

    [Fact]
    public async Task GetBalanceAsync_PerCallTimeoutShorterThanTheServersRetryAfter_FailsAtOnceInsteadOfWaiting()
    {
        await using var host = await ResilienceTestHost.StartAsync();
        host.Server.Faults.RespondWithStatus(429, retryAfter: TimeSpan.FromSeconds(30));

        var exception = await Assert.ThrowsAsync<TelephonyRateLimitException>(
            () => host.Client.Account.GetBalanceAsync(new TelephonyRequestOptions { Timeout = TimeSpan.FromSeconds(10) }, TestContext.Current.CancellationToken).Within());

        // The client's TotalTimeout (10 minutes) would have waited the 30 seconds out; the call's own budget does not.
        Assert.Equal(TimeSpan.FromSeconds(30), exception.RetryAfter);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task GetRateLimitState_KeyNeverUsed_StartsFromItsDocumentedLimit()
    {
        await using var host = await ResilienceTestHost.StartAsync();

        var publishable = host.Client.GetRateLimitState(TelephonyFakeServer.PublishableTestKey);
        var secret = host.Client.GetRateLimitState(FakeKeys.NewSecretKey());

        Assert.Equal((100, TelephonyRateLimitSource.DocumentedDefault), (publishable.Limit, publishable.Source));
        Assert.Equal((1000, TelephonyRateLimitSource.DocumentedDefault), (secret.Limit, secret.Source));
        Assert.Throws<ArgumentException>(() => host.Client.GetRateLimitState("not a key"));
    }
}
