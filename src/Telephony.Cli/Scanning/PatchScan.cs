using System.Globalization;

namespace Telephony.Cli.Scanning;

/// <summary>
/// Finds keys in the lines a patch adds: every commit of the repository (<c>git log -p</c>, oldest first, so each key is
/// reported once, with the first commit that added it to its file) or the changes staged for the next commit
/// (<c>git diff --cached</c>). Git's output is read as it streams, one line at a time.
/// </summary>
internal sealed class PatchScan
{
    // git -G: only commits whose patch adds or removes a line like this are printed at all, so history without keys
    // costs git's diff and nothing more. Written to read the same as a basic or an extended regular expression.
    private const string PrefixFilter = "sk_[lt][ei][sv][te]_";

    private const char CommitMarker = '\u0001';

    private readonly Dictionary<(string Fingerprint, string Path), Finding> _findings = [];
    private string? _commit;
    private string? _path;
    private bool _inHeader;
    private int _nextLine;

    public int Commits { get; private set; }

    public IReadOnlyCollection<Finding> Findings => _findings.Values;

    /// <summary>Scans every commit reachable from any ref (merges add nothing of their own: their changes are in the commits merged).</summary>
    /// <param name="topLevel">The work tree's top folder; paths are relative to it.</param>
    /// <param name="prefix">The folder to scan below it (empty for all), ending with <c>/</c>.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    public static async Task<PatchScan> HistoryAsync(string topLevel, string prefix, CancellationToken cancellationToken)
    {
        var scan = new PatchScan();
        string[] arguments =
        [
            "log", "--all", "--reverse", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", "-p", "-U0",
            $"--format={CommitMarker}%H", "-G", PrefixFilter, "--", PathSpec(prefix),
        ];
        await Git.StreamLinesAsync(topLevel, arguments, scan.Read, cancellationToken);
        var (_, count, _) = await Git.RunAsync(topLevel, ["rev-list", "--all", "--count"], cancellationToken);
        scan.Commits = int.TryParse(count.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var commits) ? commits : 0;
        return scan;
    }

    /// <summary>Scans what <c>git commit</c> would record now: the index against HEAD.</summary>
    public static async Task<PatchScan> StagedAsync(string topLevel, string prefix, CancellationToken cancellationToken)
    {
        var scan = new PatchScan();
        string[] arguments =
        [
            "diff", "--cached", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", "-U0", "--diff-filter=d", "--", PathSpec(prefix),
        ];
        await Git.StreamLinesAsync(topLevel, arguments, scan.Read, cancellationToken);
        return scan;
    }

    // ":/" is the whole work tree whatever git's working folder; ":(top)src/" a folder below its top.
    private static string PathSpec(string prefix) => prefix.Length == 0 ? ":/" : ":(top)" + prefix;

    private void Read(string line)
    {
        if (line.Length > 0 && line[0] == CommitMarker)
        {
            _commit = line[1..];
            _path = null;
            return;
        }

        if (line.StartsWith("diff --git ", StringComparison.Ordinal))
        {
            _inHeader = true;
            _path = null;
            return;
        }

        if (_inHeader)
        {
            if (line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                // "+++ b/path"; git ends the line with a tab when the path has a space in it (as GNU patch expects).
                _path = line == "+++ /dev/null" ? null : Unquote(line[4..].TrimEnd('\t'))[2..];
            }
            else if (line.StartsWith("@@ ", StringComparison.Ordinal))
            {
                _inHeader = false;
                StartHunk(line);
            }

            // "Binary files … differ" and mode lines leave _path null or are not followed by a hunk: nothing to read.
            return;
        }

        if (line.StartsWith("@@ ", StringComparison.Ordinal))
        {
            StartHunk(line);
        }
        else if (line.Length > 0 && line[0] == '+')
        {
            var number = _nextLine++;
            if (_path is not null && SecretLine.MayHoldKey(line))
            {
                foreach (var (column, key) in SecretLine.FindKeys(line[1..]))
                {
                    var finding = Finding.Create(_path, number, column, _commit, inWorkingTree: false, key);
                    _findings.TryAdd((finding.Fingerprint, _path), finding);
                }
            }
        }
    }

    // "@@ -a[,b] +c[,d] @@": the added lines are numbered from c.
    private void StartHunk(string header)
    {
        var plus = header.IndexOf(" +", StringComparison.Ordinal);
        var end = header.IndexOfAny([',', ' '], plus + 2);
        _nextLine = int.Parse(header.AsSpan(plus + 2, end - plus - 2), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    // git quotes a path with a quote, backslash or control character in it: "b/with \"quote\"".
    private static string Unquote(string path) =>
        path.Length >= 2 && path[0] == '"' && path[^1] == '"'
            ? System.Text.RegularExpressions.Regex.Unescape(path[1..^1])
            : path;
}
