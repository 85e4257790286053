using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Telephony.Sdk.Redis.Tests.Support;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>What the SDK leaves in Redis names keys by a hash of the API key, never the key.</summary>
public sealed class KeyspaceTests
{
    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task Keyspace_AfterPermitsAndABackoff_ContainsNoApiKey_InNamesOrValues()
    {
        // A private server, so the scan sees only what this test wrote.
        await using var redisServer = await TestRedis.StartPrivateServerAsync();
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var stack = ClientStack.Create(
            server.BaseAddress,
            TelephonyFakeServer.SecretTestKey,
            new IndependentSystemClock(),
            o => o.Resilience.MaxRetryAttempts = 0,
            builder => builder.UseRedisRateLimit(redisServer.Configuration));
        for (var i = 0; i < 5; i++)
        {
            await stack.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        }

        // A 429 with Retry-After stores the key's backoff in Redis too, and, as it states no limit, the pace learnt from it.
        server.Faults.RespondWithStatus(429, times: 1, retryAfter: TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<TelephonyRateLimitException>(() => stack.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        var keyId = Assert.Single(stack.Fleet!.Limiters).Key;
        await Bounded.UntilAsync(() => Scan(redisServer).Count == 5, "the window, its statistics, the backoff, the pace and its slots in Redis");
        var names = Scan(redisServer);
        Assert.Equal(
            [
                $"rl:sw:{{telephony:{keyId}}}", $"rl:sw:{{telephony:{keyId}}}:stats", $"telephony:backoff:{keyId}", $"telephony:pace:{keyId}",
                $"telephony:slots:{keyId}",
            ],
            names.Order(StringComparer.Ordinal));

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redisServer.Configuration);
        var database = connection.GetDatabase();
        var everything = new List<string>(names);
        foreach (var name in names)
        {
            everything.AddRange((await database.KeyTypeAsync(name)) switch
            {
                RedisType.String => [(string)(await database.StringGetAsync(name))!],
                RedisType.SortedSet => (await database.SortedSetRangeByRankWithScoresAsync(name)).Select(e => $"{e.Element} {e.Score}"),
                RedisType.Hash => (await database.HashGetAllAsync(name)).Select(e => $"{e.Name} {e.Value}"),
                var other => throw new InvalidOperationException($"Unexpected Redis type {other} for {name}."),
            });
        }

        const string SecretPart = "fake0000000000000000000001";
        Assert.All(everything, text => Assert.DoesNotContain(SecretPart, text, StringComparison.Ordinal));
        Assert.All(everything, text => Assert.DoesNotContain("sk_test_", text, StringComparison.Ordinal));
    }

    /// <summary>The key names, as <c>redis-cli --scan</c> lists them.</summary>
    private static List<string> Scan(RedisServerProcess redisServer)
    {
        var info = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", redisServer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--scan" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(10_000), "redis-cli --scan did not finish within 10 s.");
        Assert.Equal(0, process.ExitCode);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
