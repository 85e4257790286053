using System.Collections.Concurrent;
using System.Text;

namespace Telephony.Cli.Scanning;

/// <summary>
/// Scans the files of a folder: in a git work tree those git would commit (tracked, and untracked but not ignored, as
/// <c>git ls-files --cached --others --exclude-standard</c> lists them, so <c>.gitignore</c> is honoured exactly as git
/// reads it); elsewhere every file below the folder. Binaries (a NUL byte in the first 8,000 bytes, git's own test) and
/// files over <see cref="MaxFileBytes"/> are skipped.
/// </summary>
internal static class WorkingTreeScan
{
    public const long MaxFileBytes = 1024 * 1024;

    private const int BinaryProbeBytes = 8000;

    /// <summary>Scans the files below <paramref name="root"/>; findings name them as <paramref name="prefix"/> + their path below the root.</summary>
    public static async Task<(List<Finding> Findings, int FilesScanned)> RunAsync(string root, bool inGit, string prefix, CancellationToken cancellationToken)
    {
        var files = inGit ? await ListGitFilesAsync(root, cancellationToken) : ListAllFiles(root);
        var findings = new ConcurrentBag<Finding>();
        var scanned = 0;
        await Parallel.ForEachAsync(files, cancellationToken, async (relative, token) =>
        {
            if (await ScanFileAsync(root, relative, prefix + relative, findings, token))
            {
                Interlocked.Increment(ref scanned);
            }
        });
        return ([.. findings], scanned);
    }

    private static async Task<bool> ScanFileAsync(string root, string relative, string shownAs, ConcurrentBag<Finding> findings, CancellationToken cancellationToken)
    {
        var info = new FileInfo(Path.Combine(root, relative));
        // Deleted but still in the index, a submodule's folder, a link that could lead out of the tree, or too large.
        if (!info.Exists || info.LinkTarget is not null || info.Length > MaxFileBytes)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(info.FullName, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        if (bytes.AsSpan(0, Math.Min(bytes.Length, BinaryProbeBytes)).Contains((byte)0))
        {
            return false;
        }

        var lineNumber = 0;
        using var reader = new StringReader(Encoding.UTF8.GetString(bytes));
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            foreach (var (column, key) in SecretLine.FindKeys(line))
            {
                findings.Add(Finding.Create(shownAs, lineNumber, column, commit: null, inWorkingTree: true, key));
            }
        }

        return true;
    }

    private static async Task<List<string>> ListGitFilesAsync(string root, CancellationToken cancellationToken)
    {
        var (exitCode, output, error) = await Git.RunAsync(
            root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"git ls-files failed: {error.Trim()}");
        }

        // A file in a merge conflict is listed once per stage.
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
    }

    private static List<string> ListAllFiles(string root)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
        };
        return Directory.EnumerateFiles(root, "*", options)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith(".git/", StringComparison.Ordinal) && !path.Contains("/.git/", StringComparison.Ordinal))
            .ToList();
    }
}
