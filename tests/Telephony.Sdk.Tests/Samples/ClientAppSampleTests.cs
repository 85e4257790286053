namespace Telephony.Sdk.Tests.Samples;

/// <summary>
/// The client-app sample, run as its own process: its build sets TelephonyClientMode=Client, which the SDK reads at
/// run time from the app's runtime configuration, so it cannot be checked inside the test process.
/// </summary>
public sealed class ClientAppSampleTests
{
    [Fact]
    public async Task ClientApp_PublishableKeyWorks_SecretKeyIsRefusedBeforeAnyRequest()
    {
        var (exitCode, output) = await RunSampleAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("Publishable key pk_test_…0001: balance 1234.56", output, StringComparison.Ordinal);
        Assert.Contains("Secret key refused: TelephonyClientOptions.ApiKey is a secret key (sk_test_…0001), and this is a client-mode build", output, StringComparison.Ordinal);
        Assert.Contains("Requests that reached the server: 1", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Telephony.Sdk.Testing.TelephonyFakeServer.SecretTestKey, output, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output)> RunSampleAsync() => SampleProcess.RunAsync("Telephony.Samples.ClientApp");
}
