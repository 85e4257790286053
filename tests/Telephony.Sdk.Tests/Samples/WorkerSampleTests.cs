namespace Telephony.Sdk.Tests.Samples;

/// <summary>The worker sample, run as its own process against its built-in fake server.</summary>
public sealed class WorkerSampleTests
{
    [Fact]
    public async Task Worker_WithoutKey_ChecksTheBalanceOnItsIntervalAndStops()
    {
        var (exitCode, output) = await SampleProcess.RunAsync("Telephony.Samples.Worker", new Dictionary<string, string>
        {
            ["BalanceCheck__Iterations"] = "2",
            ["BalanceCheck__Interval"] = "00:00:00.100",
            ["DOTNET_ENVIRONMENT"] = "Development",
        });

        Assert.Equal(0, exitCode);
        Assert.Contains("using the built-in fake Telephony.io", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split('\n').Count(line => line.Contains("Balance: 1234.56", StringComparison.Ordinal)));
        Assert.Contains("Health of Telephony.io: Healthy (last status 200)", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Telephony.Sdk.Testing.TelephonyFakeServer.SecretTestKey, output, StringComparison.Ordinal);
    }
}
