using Telephony.Sdk.Authentication;

namespace Telephony.Cli.Scanning;

/// <summary>One secret key found: where, in which commit, and its redacted form and fingerprint; never the key itself.</summary>
/// <param name="Path">The file, relative to the scanned folder, with forward slashes.</param>
/// <param name="Line">The 1-based line (in the working tree, or in the commit that added the key when it is gone from the tree).</param>
/// <param name="Column">The 1-based column.</param>
/// <param name="Commit">The first commit that added the key to this file; <see langword="null"/> when history was not scanned or the key is not committed.</param>
/// <param name="InWorkingTree">Whether the file in the working tree (or the index, for a staged scan) still holds the key.</param>
/// <param name="Redacted">The key's prefix and at most its last four characters, e.g. <c>sk_live_…c123</c>.</param>
/// <param name="Fingerprint">See <see cref="KeyFingerprint"/>.</param>
internal sealed record Finding(string Path, int Line, int Column, string? Commit, bool InWorkingTree, string Redacted, string Fingerprint)
{
    public bool IsLive => Redacted.StartsWith(SecretKeyShape.LivePrefix, StringComparison.Ordinal);

    public static Finding Create(string path, int line, int column, string? commit, bool inWorkingTree, string key) =>
        new(path, line, column, commit, inWorkingTree, SecretKeyShape.Redact(key, SecretKeyShape.PrefixLength), KeyFingerprint.Of(key));
}
