using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Telephony.Cli.Scanning;

/// <summary>Runs the git command line. The scanner reads git's own output rather than a library's model of a repository.</summary>
internal static class Git
{
    /// <summary>
    /// Gets the top folder of the work tree that holds <paramref name="folder"/> and the folder's path below it (empty or
    /// ending with <c>/</c>), or <see langword="null"/> outside a work tree (or without git).
    /// </summary>
    public static async Task<(string TopLevel, string Prefix)?> LocateAsync(string folder, CancellationToken cancellationToken)
    {
        var (exitCode, output, _) = await RunAsync(folder, ["rev-parse", "--show-toplevel", "--show-prefix"], cancellationToken);
        var lines = output.Split('\n');
        return exitCode == 0 && lines.Length >= 2 ? (lines[0], lines[1]) : null;
    }

    /// <summary>Runs git to the end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string folder, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var process = Start(folder, arguments);
        if (process is null)
        {
            return (-1, string.Empty, "git is not installed or not on PATH.");
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs git and hands each line of its output to <paramref name="onLine"/> as it comes, without holding the whole output.</summary>
    /// <exception cref="InvalidOperationException">git failed; the message holds its error output.</exception>
    public static async Task StreamLinesAsync(string folder, IReadOnlyList<string> arguments, Action<string> onLine, CancellationToken cancellationToken)
    {
        using var process = Start(folder, arguments) ?? throw new InvalidOperationException("git is not installed or not on PATH.");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                onLine(line);
            }

            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {arguments[0]} failed: {(await error).Trim()}");
        }
    }

    private static Process? Start(string folder, IReadOnlyList<string> arguments)
    {
        // core.quotePath=false: paths with non-ASCII letters come as they are, not as octal escapes.
        var start = new ProcessStartInfo("git", ["-c", "core.quotePath=false", .. arguments])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        // Nothing git prints may wait for a terminal (a pager, a credential prompt).
        start.Environment["GIT_PAGER"] = "cat";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        try
        {
            return Process.Start(start);
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
