using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Resilience;

namespace Telephony.Sdk.Tests.RateLimiting.Scope;

/// <summary>
/// Per-key state belongs to one service provider (an app's container), as two test hosts in one process need: a pause
/// that one host's client learnt never holds the other host's client, though both use one key, one server and the
/// system clock.
/// </summary>
public sealed class HostScopeTests
{
    [Fact]
    public async Task GetBalanceAsync_TwoHostsOneKeyOneServer_APauseLearntByOneNeverHoldsTheOther()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var first = Host(server.BaseAddress);
        await using var second = Host(server.BaseAddress);
        server.Faults.RespondWithStatus(429, retryAfter: TimeSpan.FromSeconds(300));

        await Assert.ThrowsAsync<TelephonyRateLimitException>(
            () => first.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within());
        var balance = await second.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within();

        Assert.Equal(TelephonyFakeServer.DefaultBalance, balance.Balance);
        Assert.NotNull(first.GetRequiredService<TelephonyClient>().GetRateLimitState().PausedUntil);
        Assert.Null(second.GetRequiredService<TelephonyClient>().GetRateLimitState().PausedUntil);
        Assert.Equal([429, 200], server.Requests.Select(r => r.StatusCode));
    }

    private static ServiceProvider Host(Uri baseAddress)
    {
        var services = new ServiceCollection();
        services.AddTelephonyClient(o =>
        {
            o.ApiKey = TelephonyFakeServer.SecretTestKey;
            o.BaseAddress = baseAddress;
        });
        return services.BuildServiceProvider();
    }
}
