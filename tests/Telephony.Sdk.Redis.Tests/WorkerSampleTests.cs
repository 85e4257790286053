using StackExchange.Redis;
using Telephony.Sdk.Redis.Tests.Support;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Samples;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>The worker sample with a Redis connection string, run as its own process.</summary>
public sealed class WorkerSampleTests(TestRedis redis)
{
    [Fact]
    public async Task Worker_WithRedisConnectionString_TakesItsPermitsFromRedis()
    {
        var configuration = redis.Require();
        var (exitCode, output) = await SampleProcess.RunAsync("Telephony.Samples.Worker", new Dictionary<string, string>
        {
            ["BalanceCheck__Iterations"] = "2",
            ["BalanceCheck__Interval"] = "00:00:00.100",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Redis"] = configuration,
        });

        Assert.Equal(0, exitCode);
        Assert.Contains("shared with every instance through Redis", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split('\n').Count(line => line.Contains("Balance: 1234.56", StringComparison.Ordinal)));
        Assert.DoesNotContain("4001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("unreachable", output, StringComparison.Ordinal);

        // The sample uses the fake's secret test key and the default prefix: its window in Redis holds its permits.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var keyId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(TelephonyFakeServer.SecretTestKey)));
        Assert.True(await connection.GetDatabase().SortedSetLengthAsync($"rl:sw:{{telephony:{keyId}}}") >= 2);
    }
}
