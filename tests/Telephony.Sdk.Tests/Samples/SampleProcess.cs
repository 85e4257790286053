using System.Diagnostics;
using System.Reflection;

namespace Telephony.Sdk.Tests.Samples;

/// <summary>
/// Runs a built sample as its own process (bounded, a minute by default) and returns its exit code and output, or starts
/// one that serves until it is stopped.
/// </summary>
internal static class SampleProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string sampleName, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? limit = null, IReadOnlyList<string>? arguments = null)
    {
        using var process = Process.Start(StartInfo(sampleName, arguments ?? [], environment))!;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(limit ?? TimeSpan.FromMinutes(1));
        var output = process.StandardOutput.ReadToEndAsync(bound.Token);
        var error = process.StandardError.ReadToEndAsync(bound.Token);
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>
    /// Starts a sample that runs until stopped and returns once it has written a line containing
    /// <paramref name="readyLine"/> (bounded, a minute); disposing the result stops it.
    /// </summary>
    public static async Task<RunningSample> StartAsync(string sampleName, IReadOnlyList<string> arguments, string readyLine)
    {
        var start = StartInfo(sampleName, arguments, environment: null);
        start.RedirectStandardError = false;
        var sample = new RunningSample(Process.Start(start)!);
        try
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            bound.CancelAfter(TimeSpan.FromMinutes(1));
            while (await sample.Process.StandardOutput.ReadLineAsync(bound.Token) is { } line)
            {
                sample.Output.AppendLine(line);
                if (line.Contains(readyLine, StringComparison.Ordinal))
                {
                    return sample;
                }
            }

            throw new InvalidOperationException($"{sampleName} exited before writing '{readyLine}':\n{sample.Output}");
        }
        catch
        {
            sample.Dispose();
            throw;
        }
    }

    private static ProcessStartInfo StartInfo(string sampleName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var configuration = typeof(SampleProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var sample = Path.Combine(RepositoryRoot(), "samples", sampleName, "bin", configuration, "net10.0", sampleName + ".dll");
        Assert.True(File.Exists(sample), $"The sample was not built: {sample}");

        var start = new ProcessStartInfo("dotnet", [sample, .. arguments])
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

        return start;
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
