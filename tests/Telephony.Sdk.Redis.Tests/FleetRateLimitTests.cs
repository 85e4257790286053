using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Telephony.Sdk.Redis.Tests.Support;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>
/// Three app instances (separate service providers and clocks, sharing nothing in process) use one secret key whose
/// limit is 600 per minute, on the fake server that enforces exactly that with 429s.
/// </summary>
public sealed class FleetRateLimitTests(TestRedis redis)
{
    private const int Limit = 600;
    private const int Instances = 3;
    private const int CallsPerInstance = 200; // 600 in all: one window's worth
    private const int ControlCallsPerInstance = 250; // 750 in all: 150 more than one window allows
    private const int CallersPerInstance = 8;
    private const string Key = TelephonyFakeServer.SecretTestKey;

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task ThreeInstances_SharingRedis_SendAtMostTheLimitPerWindowTogether_AndNoCallFails()
    {
        var configuration = redis.Require();
        var prefix = UniquePrefix();
        await using var server = await TelephonyFakeServer.StartAsync(o => o.SecretKeyRateLimit = Limit, TestContext.Current.CancellationToken);

        // An earlier minute's traffic (another instance's, say) fills the shared window; its permits leave over 3-10 s.
        var leaves = await SharedWindowHistory.FillAsync(configuration, prefix, Key, Limit, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10));
        // Redis answers slowly on a loaded test machine (once over the default second here, with two test projects on two
        // cores): this test is about the shared window, so it gives Redis longer; RedisOutageTests time the fallback.
        var stacks = CreateStacks(
            server,
            o => o.RateLimit.PermitsPerMinute = Limit,
            builder => builder.UseRedisRateLimit(configuration, o => (o.KeyPrefix, o.RedisTimeout) = (prefix, TimeSpan.FromSeconds(10))));
        try
        {
            var failures = await Task.WhenAll(stacks.Select(s => CallManyAsync(s.Client, CallsPerInstance))).Within(TimeSpan.FromMinutes(1));

            Assert.All(failures, f => Assert.Empty(f));
            var requests = server.Requests;
            Assert.Equal(Instances * CallsPerInstance, requests.Count);
            Assert.All(requests, r => Assert.Equal(200, r.StatusCode));

            // Together the instances never went past the limit in any window: each request waited for a permit to leave.
            SharedWindowHistory.AssertEachRequestWaitedForItsPermit([.. requests.Select(r => r.Timestamp)], leaves);

            // The permits came from Redis (not from three in-process limiters): the shared window holds them all now.
            var fleet = stacks[0].Fleet!;
            var keyId = Assert.Single(fleet.Limiters).Key;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
            var shared = await connection.GetDatabase().SortedSetLengthAsync($"rl:sw:{{{prefix}:{keyId}}}");
            Assert.Equal(Instances * CallsPerInstance, shared);
            Assert.All(stacks, s => Assert.Equal(0, s.LogCount(4001)));
        }
        finally
        {
            await DisposeAllAsync(stacks);
        }
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task ThreeInstances_WithoutRedis_EachAllowTheWholeLimit_SoTheServerAnswers429()
    {
        // The control: the same three instances with only their in-process limiters, no retries, and a budget too short
        // to wait out the server's backoff, so that what the server refuses fails fast.
        await using var server = await TelephonyFakeServer.StartAsync(o => o.SecretKeyRateLimit = Limit, TestContext.Current.CancellationToken);
        var stacks = CreateStacks(server, o =>
        {
            o.RateLimit.PermitsPerMinute = Limit;
            o.Resilience.MaxRetryAttempts = 0;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(10);
        });
        try
        {
            var failures = await Task.WhenAll(stacks.Select(s => CallManyAsync(s.Client, ControlCallsPerInstance))).Within(TimeSpan.FromMinutes(1));

            // Each instance let its share through: together they went past the key's limit and met 429s on the wire.
            Assert.Equal(Limit, server.Requests.Count(r => r.StatusCode == 200));
            Assert.NotEqual(0, server.Requests.Count(r => r.StatusCode == 429));
            Assert.Equal(Instances * ControlCallsPerInstance - Limit, failures.Sum(f => f.Count));
            Assert.All(failures.SelectMany(f => f), e => Assert.IsType<TelephonyRateLimitException>(e));
        }
        finally
        {
            await DisposeAllAsync(stacks);
        }
    }

    private static List<ClientStack> CreateStacks(
        TelephonyFakeServer server, Action<TelephonyClientOptions> configure, Action<IHttpClientBuilder>? useRedis = null) =>
        [.. Enumerable.Range(0, Instances).Select(_ => ClientStack.Create(server.BaseAddress, Key, new IndependentSystemClock(), configure, useRedis))];

    private static async Task DisposeAllAsync(List<ClientStack> stacks)
    {
        foreach (var stack in stacks)
        {
            await stack.DisposeAsync();
        }
    }

    internal static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    private static async Task<List<Exception>> CallManyAsync(TelephonyClient client, int calls)
    {
        var failures = new List<Exception>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, calls),
            new ParallelOptions { MaxDegreeOfParallelism = CallersPerInstance, CancellationToken = TestContext.Current.CancellationToken },
            async (_, ct) =>
            {
                try
                {
                    await client.Account.GetBalanceAsync(ct);
                }
                catch (TelephonyException ex)
                {
                    lock (failures)
                    {
                        failures.Add(ex);
                    }
                }
            });
        return failures;
    }
}
