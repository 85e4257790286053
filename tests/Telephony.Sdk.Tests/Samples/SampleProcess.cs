using System.Diagnostics;
using System.Reflection;

namespace Telephony.Sdk.Tests.Samples;

/// <summary>Runs a built sample as its own process (bounded, a minute by default) and returns its exit code and output.</summary>
internal static class SampleProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string sampleName, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? limit = null)
    {
        var configuration = typeof(SampleProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var sample = Path.Combine(RepositoryRoot(), "samples", sampleName, "bin", configuration, "net10.0", sampleName + ".dll");
        Assert.True(File.Exists(sample), $"The sample was not built: {sample}");

        var start = new ProcessStartInfo("dotnet", [sample])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(sample)!,
        };
        start.Environment.Remove("TELEPHONY_API_KEY");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(limit ?? TimeSpan.FromMinutes(1));
        var output = process.StandardOutput.ReadToEndAsync(bound.Token);
        var error = process.StandardError.ReadToEndAsync(bound.Token);
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, await output + await error);
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
