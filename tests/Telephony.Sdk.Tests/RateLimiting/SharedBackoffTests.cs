using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting;

/// <summary>
/// A limiter from <see cref="TelephonyRateLimitOptions.LimiterFactory"/> that implements <see cref="ITelephonySharedBackoff"/>
/// carries a key's server backoff to other processes and brings theirs here. Each host has its own fake clock, so
/// its key gets a limiter of its own.
/// </summary>
public sealed class SharedBackoffTests
{
    // The pace a 429 on a secret key with nothing accepted lately starts at: 70% of the documented 1000 a minute.
    private const double ColdPace = 0.7 * 1000 / 60;

    [Fact]
    public async Task GetBalance_429WithRetryAfter10_ReportsNowPlus10SecondsToTheSharedBackoff()
    {
        using var store = new FakeBackoffStore();
        await using var host = await StartAsync(store);
        host.Server.Faults.RespondWithStatus(429, 1, TimeSpan.FromSeconds(10));
        var start = host.Clock.GetUtcNow();

        var call = host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(10));

        Assert.Equal([start.AddSeconds(10)], store.Reports);
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        var balance = await call.Within();

        Assert.Equal(TelephonyFakeServer.DefaultBalance, balance.Balance);
        Assert.Equal([429, 200], host.Server.Requests.Select(r => r.StatusCode));
        Assert.Equal(start.AddSeconds(10), host.Server.Requests[1].Timestamp);
        Assert.Single(store.Reports);
        Assert.Single(store.Partitions);
    }

    [Fact]
    public async Task GetBalance_BackoffReportedElsewhere_IsHeldUntilThenAndSucceeds()
    {
        using var store = new FakeBackoffStore();
        await using var host = await StartAsync(store);
        var start = host.Clock.GetUtcNow();
        store.ReportedElsewhere = start.AddSeconds(30);

        var call = host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(30));

        Assert.Empty(host.Server.Requests);
        host.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        Assert.Empty(host.Server.Requests);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var balance = await call.Within();

        Assert.Equal(TelephonyFakeServer.DefaultBalance, balance.Balance);
        var request = Assert.Single(host.Server.Requests);
        Assert.Equal(200, request.StatusCode);
        Assert.Equal(start.AddSeconds(30), request.Timestamp);
        Assert.Empty(store.Reports);
    }

    [Fact]
    public async Task GetBalance_BackoffReportedElsewhereInThePast_IsSentAtOnce()
    {
        using var store = new FakeBackoffStore();
        await using var host = await StartAsync(store);
        store.ReportedElsewhere = host.Clock.GetUtcNow().AddSeconds(-5);

        var balance = await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within();

        Assert.Equal(TelephonyFakeServer.DefaultBalance, balance.Balance);
        Assert.Single(host.Server.Requests);
        Assert.True(store.Reads > 0);
    }

    [Fact]
    public async Task GetBalance_BackoffReportedElsewhereOutlastsTheBudget_FailsFastWithoutTouchingTheNetwork()
    {
        using var store = new FakeBackoffStore();
        await using var host = await StartAsync(store);
        store.ReportedElsewhere = host.Clock.GetUtcNow() + ResilienceTestHost.TotalTimeout + TimeSpan.FromMinutes(1);

        var e = await Assert.ThrowsAsync<TelephonyRateLimitException>(
            () => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within());

        Assert.Equal("client_rate_limited", e.ErrorCode);
        Assert.Empty(host.Server.Requests);
    }

    [Fact]
    public async Task GetBalance_SharedBackoffThrowsOnRead_IsSentAtOnceAndSucceeds()
    {
        using var store = new FakeBackoffStore { Unreachable = true };
        await using var host = await StartAsync(store);

        var balance = await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within();

        Assert.Equal(TelephonyFakeServer.DefaultBalance, balance.Balance);
        Assert.Single(host.Server.Requests);
        Assert.True(store.Reads > 0);
    }

    [Fact]
    public async Task GetBalance_SharedBackoffThrowsOnReportAndRead_429IsStillRetriedAfterRetryAfterAndSucceeds()
    {
        using var store = new FakeBackoffStore { Unreachable = true };
        await using var host = await StartAsync(store);
        host.Server.Faults.RespondWithStatus(429, 1, TimeSpan.FromSeconds(10));
        var start = host.Clock.GetUtcNow();

        var call = host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(10));
        Assert.Equal([start.AddSeconds(10)], store.Reports);
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        var balance = await call.Within();

        Assert.Equal(TelephonyFakeServer.DefaultBalance, balance.Balance);
        Assert.Equal([429, 200], host.Server.Requests.Select(r => r.StatusCode));
        Assert.Equal(start.AddSeconds(10), host.Server.Requests[1].Timestamp);
    }

    [Fact]
    public async Task GetBalance_SharedBackoffThrowsOnReport_OtherCallsForTheKeyAreStillHeldByTheLocalPauseThenPaced()
    {
        using var store = new FakeBackoffStore { Unreachable = true };
        await using var host = await StartAsync(store);
        host.Server.Faults.RespondWithStatus(429, 1, TimeSpan.FromSeconds(10));
        var ct = TestContext.Current.CancellationToken;
        var start = host.Clock.GetUtcNow();
        var pause = TimeSpan.FromSeconds(10);

        var first = host.Client.Account.GetBalanceAsync(ct);
        await host.Clock.WaitForTimerAsync(d => d == pause);
        var second = host.Client.Account.GetBalanceAsync(ct);
        await host.Clock.WaitForTimerAsync(d => d == pause, count: 2);
        Task[] calls = [first, second];

        host.Clock.Advance(pause - TimeSpan.FromMilliseconds(1));
        await host.Clock.SettledAsync(calls, pause);
        Assert.Single(host.Server.Requests);
        Assert.DoesNotContain(calls, c => c.IsCompleted);

        host.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await host.Clock.SettledAsync(calls, pause);
        var atResume = host.Server.Requests;
        var paceWait = Assert.Single(host.Clock.PendingOneShotDueTimes, d => d < pause);

        // When the pause ends one call leaves; the other holds the next place at a cold key's pace, 70% of 1000 a
        // minute (Task.Delay keeps whole milliseconds), and leaves when it comes.
        Assert.Equal([429, 200], atResume.Select(r => r.StatusCode));
        Assert.Equal(start + pause, atResume[1].Timestamp);
        Assert.InRange(paceWait.TotalSeconds, (1 / ColdPace) - 0.001, 1 / ColdPace);
        host.Clock.Advance(paceWait);
        await Task.WhenAll(calls).Within();

        Assert.Equal([429, 200, 200], host.Server.Requests.Select(r => r.StatusCode));
        Assert.Equal([start, start + pause, start + pause + paceWait], host.Server.Requests.Select(r => r.Timestamp));
        Assert.Equal([start + pause], store.Reports);
    }

    private static Task<ResilienceTestHost> StartAsync(FakeBackoffStore store) =>
        ResilienceTestHost.StartAsync(configureServices: services => services
            .AddOptions<TelephonyClientOptions>()
            .Configure<TimeProvider>((options, clock) =>
                options.RateLimit.LimiterFactory = partition => store.CreateLimiter(partition, clock)));
}
