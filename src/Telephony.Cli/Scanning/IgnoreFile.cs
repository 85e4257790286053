namespace Telephony.Cli.Scanning;

/// <summary>
/// <c>.telephonyignore</c>: the fingerprints of known fakes (like gitleaks' <c>.gitleaksignore</c>), one per line;
/// <c>#</c> starts a comment, which may follow the fingerprint.
/// </summary>
internal sealed class IgnoreFile
{
    public const string DefaultName = ".telephonyignore";

    private readonly HashSet<string> _fingerprints;

    private IgnoreFile(HashSet<string> fingerprints) => _fingerprints = fingerprints;

    public static IgnoreFile Empty { get; } = new([]);

    public int Count => _fingerprints.Count;

    /// <summary>Reads the file; on a malformed line returns <see langword="null"/> and says in <paramref name="error"/> what to fix.</summary>
    public static IgnoreFile? Load(string path, out string? error)
    {
        error = null;
        var fingerprints = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var comment = raw.IndexOf('#', StringComparison.Ordinal);
            var text = (comment >= 0 ? raw[..comment] : raw).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (!KeyFingerprint.IsFingerprint(text))
            {
                // The line is not repeated: a key pasted here by mistake must not be printed.
                error = $"{path}({number}): expected a fingerprint of {KeyFingerprint.Length} lower-case hex digits, as `telephony scan` prints, " +
                        "optionally followed by a # comment.";
                return null;
            }

            fingerprints.Add(text);
        }

        return new IgnoreFile(fingerprints);
    }

    public bool Allows(Finding finding) => _fingerprints.Contains(finding.Fingerprint);
}
