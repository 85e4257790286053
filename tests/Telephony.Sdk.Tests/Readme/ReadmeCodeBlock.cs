namespace Telephony.Sdk.Tests.Readme;

/// <summary>A fenced code block of the README: its language, the heading it is under, its first line number and its text.</summary>
internal sealed record ReadmeCodeBlock(string Language, string Section, int Line, string Code)
{
    public override string ToString() => $"README.md line {Line} ({Section})";
}
