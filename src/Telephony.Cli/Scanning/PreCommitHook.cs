namespace Telephony.Cli.Scanning;

/// <summary>Installs a git pre-commit hook that runs <c>telephony scan --staged</c>, with the tool as the repository installed it.</summary>
internal static class PreCommitHook
{
    public const string Marker = "Installed by `telephony scan --install-hook`";

    /// <summary>Writes the hook and returns its path.</summary>
    /// <exception cref="InvalidOperationException">Not a git work tree, or another pre-commit hook is there; the message says what to do.</exception>
    public static async Task<string> InstallAsync(string folder, CancellationToken cancellationToken)
    {
        if (await Git.LocateAsync(folder, cancellationToken) is not { } workTree)
        {
            throw new InvalidOperationException($"--install-hook needs a git work tree, and {folder} is not in one (or git is not installed).");
        }

        // --git-path honours core.hooksPath and linked work trees.
        var (_, hooks, _) = await Git.RunAsync(folder, ["rev-parse", "--path-format=absolute", "--git-path", "hooks"], cancellationToken);
        var hooksFolder = hooks.Trim();
        var path = Path.Combine(hooksFolder, "pre-commit");
        var command = $"{HookInvocation.For(workTree.TopLevel)} scan --staged";
        if (File.Exists(path) && !(await File.ReadAllTextAsync(path, cancellationToken)).Contains(Marker, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{path} already exists and was not written by telephony; add this line to it instead: {command}");
        }

        Directory.CreateDirectory(hooksFolder);
        var script =
            "#!/bin/sh\n" +
            $"# {Marker}: refuses a commit that adds a Telephony.io secret key.\n" +
            $"# Allow a known fake with \"{SecretLine.AllowMarker}\" on its line or its fingerprint in {IgnoreFile.DefaultName}.\n" +
            $"exec {command}\n";
        await File.WriteAllTextAsync(path, script, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    }
}
