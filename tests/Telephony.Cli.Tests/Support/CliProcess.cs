using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Telephony.Cli.Tests.Support;

/// <summary>Runs the built <c>telephony</c> tool as its own process (bounded, a minute), as a user would.</summary>
internal static class CliProcess
{
    public static string Dll { get; } = FindDll();

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string[] arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null, string? input = null)
    {
        using var process = Process.Start(StartInfo(arguments, workingDirectory, environment))!;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromMinutes(1));
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(bound.Token);
        var error = process.StandardError.ReadToEndAsync(bound.Token);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output, await error);
    }

    public static ProcessStartInfo StartInfo(string[] arguments, string? workingDirectory, IReadOnlyDictionary<string, string?>? environment)
    {
        var start = new ProcessStartInfo("dotnet", [Dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.Environment.Remove("TELEPHONY_API_KEY");
        start.Environment.Remove("TELEPHONY_BASE_URL");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static string FindDll()
    {
        var configuration = typeof(CliProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Telephony.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var dll = Path.Combine(directory.FullName, "src", "Telephony.Cli", "bin", configuration, "net10.0", "telephony.dll");
        Assert.True(File.Exists(dll), $"The tool was not built: {dll}");
        return dll;
    }
}
