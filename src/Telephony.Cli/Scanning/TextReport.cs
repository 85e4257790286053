using System.Globalization;

namespace Telephony.Cli.Scanning;

/// <summary>The scan's findings for a person (<c>--format text</c>) or as lines for <c>.telephonyignore</c> (<c>--format ignore-file</c>).</summary>
internal static class TextReport
{
    public static void WriteFindings(ScanResult result, TextWriter output)
    {
        foreach (var f in result.Findings)
        {
            var where = f.Commit is null ? string.Empty
                : f.InWorkingTree ? $", first committed in {f.Commit[..12]}"
                : $", in commit {f.Commit[..12]} (gone from the working tree, still in history)";
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{f.Path}:{f.Line}:{f.Column}: {(f.IsLive ? "live" : "test")} secret key {f.Redacted}{where} [fingerprint {f.Fingerprint}]"));
        }
    }

    /// <summary>
    /// What was scanned, then what was found: "Scanned 2 files: 1 Telephony.io secret key found." (not "found in 2 files",
    /// which would say where the key is).
    /// </summary>
    public static string Summary(ScanResult result)
    {
        var covered = result.Staged ? "the staged changes"
            : result.CommitsScanned is { } commits ? $"{Count(result.FilesScanned, "file")} and {Count(commits, "commit")}"
            : Count(result.FilesScanned, "file");
        var allowed = result.Allowed > 0 ? $"; {Count(result.Allowed, "known fake")} allowed by {IgnoreFile.DefaultName}" : string.Empty;
        return result.Findings.Count == 0
            ? $"Scanned {covered}: no Telephony.io secret keys found{allowed}."
            : $"Scanned {covered}: {Count(result.Findings.Count, "Telephony.io secret key")} found{allowed}. " +
              "Revoke each real one in the Telephony.io dashboard (removing it from the code does not remove it from history); " +
              $"allow a known fake with \"{SecretLine.AllowMarker}\" on its line or its fingerprint in {IgnoreFile.DefaultName}.";
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    /// <summary>One line per distinct key: its fingerprint and, as a comment, where it was found.</summary>
    public static void WriteIgnoreFile(ScanResult result, TextWriter output)
    {
        foreach (var group in result.Findings.GroupBy(f => f.Fingerprint).OrderBy(g => g.First().Path, StringComparer.Ordinal))
        {
            var first = group.First();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{first.Fingerprint}  # {first.Redacted} {first.Path}:{first.Line}"));
        }
    }
}
