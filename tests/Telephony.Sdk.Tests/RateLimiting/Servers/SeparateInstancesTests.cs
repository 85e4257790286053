using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting.Servers;

/// <summary>
/// App instances that share a key but learn its limit separately (no Redis) against a leaky bucket, a server that does
/// not share the client's model: each paces itself from its own 429s, and no call is lost. Runs on the real clock (three
/// clocks, so the instances share no state), bounded in count and time; it asserts outcomes, never durations.
/// </summary>
public sealed class SeparateInstancesTests
{
    [Fact]
    public async Task GetBalance_ThreeInstancesOneKeyAgainstALeakyBucket_NoCallIsLost()
    {
        const int CallsPerInstance = 25;
        await using var server = await TelephonyFakeServer.StartAsync(
            o =>
            {
                // 20 requests per second with room for 5 at once: 75 calls take about 3.5 s at the server's own pace.
                o.RateLimitAlgorithm = FakeRateLimitAlgorithm.LeakyBucket;
                o.KeyRateLimits[TelephonyFakeServer.SecretTestKey] = 1200;
                o.RateLimitBurst = 5;
            },
            TestContext.Current.CancellationToken);
        var instances = Enumerable.Range(0, 3).Select(_ => Instance(server)).ToList();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(60));

        var outcomes = await Task.WhenAll(instances.SelectMany(provider => Enumerable.Range(0, 8).Select(async _ =>
        {
            var client = provider.GetRequiredService<TelephonyClient>();
            var failures = 0;
            for (var i = 0; i < CallsPerInstance / 8 + 1; i++)
            {
                try
                {
                    await client.Account.GetBalanceAsync(bound.Token);
                }
                catch (TelephonyException)
                {
                    failures++;
                }
            }

            return failures;
        })));

        foreach (var provider in instances)
        {
            await provider.DisposeAsync();
        }

        Assert.Equal(0, outcomes.Sum());
        Assert.Equal(3 * 8 * (CallsPerInstance / 8 + 1), server.Requests.Count(r => r.StatusCode == 200));
        Assert.Contains(server.Requests, r => r.StatusCode == 429);
    }

    private static ServiceProvider Instance(TelephonyFakeServer server)
    {
        var services = new ServiceCollection();

        // A clock of its own: per-key state is shared per clock, so each instance learns alone, as separate processes do.
        services.AddSingleton<TimeProvider>(new SystemClockOfItsOwn());
        services.AddTelephonyClient(o => (o.ApiKey, o.BaseAddress) = (TelephonyFakeServer.SecretTestKey, server.BaseAddress));
        return services.BuildServiceProvider();
    }

    private sealed class SystemClockOfItsOwn : TimeProvider;
}
