using System.Diagnostics;
using System.Reflection;

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

    private static async Task<(int ExitCode, string Output)> RunSampleAsync()
    {
        var configuration = typeof(ClientAppSampleTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var sample = Path.Combine(RepositoryRoot(), "samples", "Telephony.Samples.ClientApp", "bin", configuration, "net10.0", "Telephony.Samples.ClientApp.dll");
        Assert.True(File.Exists(sample), $"The sample was not built: {sample}");

        using var process = Process.Start(new ProcessStartInfo("dotnet", [sample])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(sample)!,
        })!;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromMinutes(1));
        var output = await process.StandardOutput.ReadToEndAsync(bound.Token);
        var error = await process.StandardError.ReadToEndAsync(bound.Token);
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, output + error);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Telephony.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Telephony.Sdk.sln not found above the test output.");
    }
}
