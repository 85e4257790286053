namespace Telephony.Sdk.Tests.Readme;

/// <summary>The "Handling errors" of docs/errors.md: its table lists every exception type the SDK has, and its catch ladder reaches each kind of failure.</summary>
public sealed class ReadmeExceptionTests
{
    private const string ErrorsGuide = "docs/errors.md";

    public static TheoryData<string> ExceptionTypes =>
        [.. typeof(TelephonyException).Assembly.GetExportedTypes().Where(t => typeof(TelephonyException).IsAssignableFrom(t)).Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(ExceptionTypes))]
    public void ExceptionTable_EveryPublicExceptionType_HasARow(string typeName)
    {
        Assert.Contains($"\n| `{typeName}` |", HandlingErrors(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(TelephonyConfigurationException))]
    [InlineData(nameof(TelephonyTimeoutException))]
    [InlineData(nameof(TelephonyConnectionException))]
    public void CatchLadder_ClientSideFailure_IsCaughtBeforeTheBaseType(string typeName)
    {
        var ladder = DocumentationFiles.CodeBlocks(ErrorsGuide, "csharp").Single(b => b.Section == "Handling errors").Code;

        var specific = ladder.IndexOf($"catch ({typeName} ", StringComparison.Ordinal);
        Assert.True(specific >= 0, $"the catch ladder has no catch ({typeName} …)");
        Assert.True(specific < ladder.IndexOf("catch (TelephonyException ", StringComparison.Ordinal));
    }

    private static string HandlingErrors()
    {
        var text = DocumentationFiles.ReadRepositoryFile(ErrorsGuide).ReplaceLineEndings("\n");
        var start = text.IndexOf("\n## Handling errors\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{ErrorsGuide} has no section \"Handling errors\"");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }
}
