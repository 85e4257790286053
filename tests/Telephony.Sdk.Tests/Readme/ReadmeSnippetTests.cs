namespace Telephony.Sdk.Tests.Readme;

/// <summary>
/// Every C# block of the README compiles as shown: a whole file, usings included, as a user would paste it into a
/// console or test project. Only the sections listed here show excerpts (no using directives), which are compiled with
/// <c>services</c> and <c>configuration</c> in scope.
/// </summary>
public sealed class ReadmeSnippetTests
{
    /// <summary>Sections whose blocks are excerpts of a registration rather than whole files.</summary>
    private static readonly string[] ExcerptSections = ["Retries, timeouts and rate limits", "Browser and mobile apps"];

    private const string ExcerptPrelude = """
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;

        var services = new ServiceCollection();
        IConfiguration configuration = new ConfigurationBuilder().Build();

        """;

    public static TheoryData<int> CSharpBlockLines => [.. ReadmeFile.CodeBlocks("csharp").Select(b => b.Line)];

    [Theory]
    [MemberData(nameof(CSharpBlockLines))]
    public void CSharpBlock_AtLine_CompilesAsShown(int line)
    {
        var block = ReadmeFile.CodeBlocks("csharp").Single(b => b.Line == line);
        var excerpt = ExcerptSections.Contains(block.Section) && !SnippetCompiler.HasUsingDirectives(block.Code);
        var errors = SnippetCompiler.Errors(excerpt ? ExcerptPrelude + block.Code : block.Code);

        Assert.True(errors.Count == 0, $"{block} does not compile:\n{string.Join('\n', errors)}\n\n{block.Code}");
    }

    [Fact]
    public void CSharpBlocks_OfTheReadme_AreFound()
    {
        Assert.True(ReadmeFile.CodeBlocks("csharp").Count >= 8);
    }

    [Theory]
    [InlineData("Against the fake server", "tests/Telephony.Sdk.Tests/Readme/TestingYourAppExampleTests.cs")]
    [InlineData("With a mock", "tests/Telephony.Sdk.Tests/Readme/MockingExampleTests.cs")]
    public void TestBlock_OfSection_IsTheTestThatRunsWithTheSuite(string section, string path)
    {
        var block = ReadmeFile.CodeBlocks("csharp").First(b => b.Section == section && b.Code.Contains("[Fact]", StringComparison.Ordinal));

        // The file starts with a comment and the pragmas the suite needs; from the first using directive on, it is the README's.
        var file = ReadmeFile.ReadRepositoryFile(path).ReplaceLineEndings("\n");
        Assert.Equal(block.Code, file[file.IndexOf("using ", StringComparison.Ordinal)..]);
    }
}
