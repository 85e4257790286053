using System.Diagnostics;

namespace Telephony.Cli.Tests.Support;

/// <summary>Runs eng/generate-history.sh: a long history written by git fast-import in a second, with one planted key.</summary>
internal static class HistoryGenerator
{
    /// <summary>Writes the history into <paramref name="root"/> and returns the hash of the commit that adds <paramref name="key"/>.</summary>
    public static string Generate(string root, int commits, int plantAt, string key)
    {
        var script = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(CliProcess.Dll)))!, "..", "..", "..", "eng", "generate-history.sh");
        var start = new ProcessStartInfo("bash", [Path.GetFullPath(script), root, $"{commits}", $"{plantAt}", key])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "eng/generate-history.sh did not finish within a minute");
        Assert.True(process.ExitCode == 0, $"eng/generate-history.sh failed: {error.Result}");
        return output.Trim();
    }
}
