namespace Telephony.Cli.Scanning;

/// <summary>One run of <c>telephony scan</c>: the working tree, its history, or the staged changes; then the ignore file.</summary>
internal static class SecretScan
{
    /// <summary>Scans <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidOperationException">git failed, or <paramref name="history"/> or <paramref name="staged"/> outside a git work tree.</exception>
    public static async Task<ScanResult> RunAsync(string folder, bool history, bool staged, IgnoreFile ignore, CancellationToken cancellationToken)
    {
        var git = await Git.LocateAsync(folder, cancellationToken);
        if (git is null && (history || staged))
        {
            throw new InvalidOperationException(
                $"{(history ? "--history" : "--staged")} needs a git work tree, and {folder} is not in one (or git is not installed).");
        }

        var prefix = git?.Prefix ?? string.Empty;
        List<Finding> findings;
        int files = 0;
        int? commits = null;
        if (staged)
        {
            var patch = await PatchScan.StagedAsync(git!.Value.TopLevel, prefix, cancellationToken);
            findings = [.. patch.Findings.Select(f => f with { InWorkingTree = true })];
        }
        else
        {
            (findings, files) = await WorkingTreeScan.RunAsync(folder, git is not null, prefix, cancellationToken);
            if (history)
            {
                var patch = await PatchScan.HistoryAsync(git!.Value.TopLevel, prefix, cancellationToken);
                findings = Merge(findings, patch.Findings);
                commits = patch.Commits;
            }
        }

        var kept = findings.Where(f => !ignore.Allows(f)).OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ToList();
        return new ScanResult(kept, files, commits, staged, findings.Count - kept.Count);
    }

    // A key both in the tree and in history is one finding: where it is now, and the commit that first added it.
    private static List<Finding> Merge(List<Finding> tree, IReadOnlyCollection<Finding> history)
    {
        var firstCommits = history.ToDictionary(f => (f.Fingerprint, f.Path), f => f.Commit);
        var inTree = tree.Select(f => (f.Fingerprint, f.Path)).ToHashSet();
        return
        [
            .. tree.Select(f => firstCommits.TryGetValue((f.Fingerprint, f.Path), out var commit) ? f with { Commit = commit } : f),
            .. history.Where(f => !inTree.Contains((f.Fingerprint, f.Path))),
        ];
    }
}
