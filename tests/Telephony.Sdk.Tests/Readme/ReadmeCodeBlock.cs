namespace Telephony.Sdk.Tests.Readme;

/// <summary>A fenced code block of the README or a guide: its language, file, the heading it is under, its first line number and its text.</summary>
internal sealed record ReadmeCodeBlock(string Language, string File, string Section, int Line, string Code)
{
    public override string ToString() => $"{File} line {Line} ({Section})";
}
