namespace Telephony.Sdk.Package.Tests;

/// <summary>What a <c>dotnet</c> command printed and how it ended.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Command)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>For assertion messages: the command and its output.</summary>
    public override string ToString() => $"{Command} exited with {ExitCode}:{Environment.NewLine}{Output}";
}
