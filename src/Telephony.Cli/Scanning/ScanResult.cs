namespace Telephony.Cli.Scanning;

/// <summary>What a scan found (known fakes already removed) and what it covered.</summary>
internal sealed record ScanResult(IReadOnlyList<Finding> Findings, int FilesScanned, int? CommitsScanned, bool Staged, int Allowed);
