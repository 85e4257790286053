using System.CommandLine;
using Telephony.Cli.Scanning;

namespace Telephony.Cli.Commands;

/// <summary><c>telephony scan [PATH]</c>: secret keys in a working tree, its history or the staged changes.</summary>
internal static class ScanCommand
{
    public static Command Create()
    {
        var path = new Argument<DirectoryInfo>("PATH")
        {
            Description = "The folder to scan (default: the current one). In a git work tree, the files git would commit: .gitignore is honoured.",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var history = new Option<bool>("--history") { Description = "Also scan every commit of the repository (all branches and tags); each key is reported once, with the first commit that added it." };
        var staged = new Option<bool>("--staged") { Description = "Scan only the changes staged for the next commit (what the pre-commit hook runs)." };
        var format = new Option<string>("--format")
        {
            Description = "text: one line per finding; sarif: SARIF 2.1.0 for code-scanning upload; ignore-file: the findings' fingerprints, as lines for .telephonyignore.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "sarif", "ignore-file");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var ignoreFile = new Option<FileInfo?>("--ignore-file") { Description = $"The fingerprints of known fakes to allow (default: {IgnoreFile.DefaultName} in PATH, else at the top of the git work tree)." };
        var installHook = new Option<bool>("--install-hook") { Description = "Install a git pre-commit hook that runs `telephony scan --staged` and refuses a commit that adds a secret key." };
        var command = new Command(
            "scan",
            "Find Telephony.io secret keys (sk_live_, sk_test_) in files, skipping binaries and files over 1 MiB. Prints file, line, " +
            $"commit and the redacted key, never the key. Allow a known fake with \"{SecretLine.AllowMarker}\" on its line or with its " +
            $"fingerprint in {IgnoreFile.DefaultName}. " + ExitCodes.ScanHelp)
        {
            path, history, staged, format, output, ignoreFile, installHook,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetRequiredValue(path);
            if (!folder.Exists)
            {
                await Console.Error.WriteLineAsync($"{folder.FullName} is not a folder: give the folder to scan.");
                return ExitCodes.Usage;
            }

            try
            {
                if (parse.GetValue(installHook))
                {
                    var hook = await PreCommitHook.InstallAsync(folder.FullName, cancellationToken);
                    Console.WriteLine($"Installed {hook}: every commit now runs telephony scan --staged first.");
                    return ExitCodes.Success;
                }

                if (parse.GetValue(history) && parse.GetValue(staged))
                {
                    await Console.Error.WriteLineAsync("Give --history or --staged, not both.");
                    return ExitCodes.Usage;
                }

                var ignore = await LoadIgnoreFileAsync(folder.FullName, parse.GetValue(ignoreFile), cancellationToken);
                if (ignore is null)
                {
                    return ExitCodes.Usage;
                }

                var result = await SecretScan.RunAsync(folder.FullName, parse.GetValue(history), parse.GetValue(staged), ignore, cancellationToken);
                await WriteReportAsync(result, parse.GetRequiredValue(format), parse.GetValue(output));
                return result.Findings.Count == 0 ? ExitCodes.Success : ExitCodes.SecretsFound;
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return e.Message.StartsWith("git ", StringComparison.Ordinal) ? ExitCodes.OtherFailure : ExitCodes.Usage;
            }
        });
        return command;
    }

    private static async Task<IgnoreFile?> LoadIgnoreFileAsync(string folder, FileInfo? given, CancellationToken cancellationToken)
    {
        string? path;
        if (given is not null)
        {
            if (!given.Exists)
            {
                await Console.Error.WriteLineAsync($"--ignore-file {given.FullName} does not exist.");
                return null;
            }

            path = given.FullName;
        }
        else
        {
            var top = (await Git.LocateAsync(folder, cancellationToken))?.TopLevel;
            path = new[] { folder, top }.OfType<string>().Select(f => Path.Combine(f, IgnoreFile.DefaultName)).FirstOrDefault(File.Exists);
        }

        if (path is null)
        {
            return IgnoreFile.Empty;
        }

        var ignore = IgnoreFile.Load(path, out var error);
        if (ignore is null)
        {
            await Console.Error.WriteLineAsync(error);
        }

        return ignore;
    }

    private static async Task WriteReportAsync(ScanResult result, string format, FileInfo? output)
    {
        await using (var stream = output is null ? Console.OpenStandardOutput() : output.Create())
        {
            if (format == "sarif")
            {
                SarifReport.Write(result, stream);
            }
            else
            {
                await using var writer = new StreamWriter(stream, leaveOpen: true);
                if (format == "ignore-file")
                {
                    TextReport.WriteIgnoreFile(result, writer);
                }
                else
                {
                    TextReport.WriteFindings(result, writer);
                }
            }
        }

        // The summary goes with a text report on standard output; beside a machine-read report, to standard error.
        var summaryWriter = format == "text" && output is null ? Console.Out : Console.Error;
        await summaryWriter.WriteLineAsync(TextReport.Summary(result));
    }
}
