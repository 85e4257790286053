using StackExchange.Redis;
using Telephony.Sdk.Redis.Tests.Support;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Samples;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>The worker sample with a Redis connection string, run as its own process.</summary>
public sealed class WorkerSampleTests(TestRedis redis)
{
    [Fact] // The process it runs has its own limit (SampleProcess).
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
        Assert.DoesNotContain("[4001]", output, StringComparison.Ordinal); // the console logger prints event ids in brackets; a port number may contain 4001
        Assert.DoesNotContain("unreachable", output, StringComparison.Ordinal);

        // The sample uses the fake's secret test key and the default prefix: its window in Redis holds its permits.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var keyId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(TelephonyFakeServer.SecretTestKey)));
        Assert.True(await connection.GetDatabase().SortedSetLengthAsync($"rl:sw:{{telephony:{keyId}}}") >= 2);
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task ThreeWorkerProcesses_SharingRedis_SendAtMostTheLimitPerWindowTogether_AndNoCheckFails()
    {
        const int Limit = 100;
        const int ChecksPerWorker = 33; // 99 in all: within one window
        var configuration = redis.Require();
        var key = "sk_test_fleet" + Guid.NewGuid().ToString("N");
        await using var server = await TelephonyFakeServer.StartAsync(
            o =>
            {
                o.Keys[key] = 42m;
                o.SecretKeyRateLimit = Limit;
            },
            TestContext.Current.CancellationToken);
        var environment = new Dictionary<string, string>
        {
            ["Telephony__ApiKey"] = key,
            ["Telephony__BaseAddress"] = server.BaseAddress.ToString(),
            ["Telephony__RateLimit__PermitsPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BalanceCheck__Iterations"] = ChecksPerWorker.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BalanceCheck__Interval"] = "00:00:00.001",
            // The health check's own balance calls would add to the requests this test counts.
            ["BalanceCheck__ReportHealth"] = "false",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Redis"] = configuration,
        };

        // An earlier minute's checks fill the shared window; their permits leave over 4-14 s, as the workers start.
        var leaves = await SharedWindowHistory.FillAsync(configuration, "telephony", key, Limit, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(14));
        var workers = await Task.WhenAll(Enumerable.Range(0, 3).Select(
            _ => SampleProcess.RunAsync("Telephony.Samples.Worker", environment, TimeSpan.FromMinutes(1))));

        Assert.All(workers, w => Assert.Equal(0, w.ExitCode));
        Assert.All(workers, w => Assert.Equal(ChecksPerWorker, w.Output.Split('\n').Count(line => line.Contains("Balance: 42", StringComparison.Ordinal))));
        Assert.All(workers, w => Assert.DoesNotContain("failed", w.Output, StringComparison.OrdinalIgnoreCase));
        var requests = server.Requests;
        Assert.Equal(3 * ChecksPerWorker, requests.Count);
        Assert.All(requests, r => Assert.Equal(200, r.StatusCode));

        // Together the workers never went past the limit in any window: each check waited for a permit to leave.
        SharedWindowHistory.AssertEachRequestWaitedForItsPermit([.. requests.Select(r => r.Timestamp)], leaves);
    }
}
