namespace Telephony.Sdk.Tests.Readme;

/// <summary>
/// Every C# block of the README and of the guides in docs/ compiles as shown: a whole file, usings included, as a user
/// would paste it into a console or test project (or a web project, for a block whose first line says
/// <c>// dotnet new web</c>). Only the sections listed here show excerpts (no using directives), which are compiled with
/// <c>services</c> and <c>configuration</c> in scope.
/// </summary>
public sealed class ReadmeSnippetTests
{
    /// <summary>Sections whose blocks are excerpts of a registration rather than whole files.</summary>
    private static readonly string[] ExcerptSections = ["Replacing the pipeline", "Browser and mobile apps"];

    private const string WebProjectMarker = "// dotnet new web";

    private const string ExcerptPrelude = """
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;

        var services = new ServiceCollection();
        IConfiguration configuration = new ConfigurationBuilder().Build();

        """;

    public static TheoryData<string, int> CSharpBlocks => [.. DocumentationFiles.CodeBlocks("csharp").Select(b => (b.File, b.Line))];

    [Theory]
    [MemberData(nameof(CSharpBlocks))]
    public void CSharpBlock_InFileAtLine_CompilesAsShown(string file, int line)
    {
        var block = DocumentationFiles.CodeBlocks(file, "csharp").Single(b => b.Line == line);
        var excerpt = ExcerptSections.Contains(block.Section) && !SnippetCompiler.HasUsingDirectives(block.Code);
        var project = block.Code.StartsWith(WebProjectMarker, StringComparison.Ordinal) ? SnippetProject.Web : SnippetProject.Console;
        var errors = SnippetCompiler.Errors(excerpt ? ExcerptPrelude + block.Code : block.Code, project);

        Assert.True(errors.Count == 0, $"{block} does not compile:\n{string.Join('\n', errors)}\n\n{block.Code}");
    }

    [Fact]
    public void CSharpBlocks_OfTheReadmeAndTheGuides_AreFound()
    {
        // The README's four quick starts, and the guides' examples.
        Assert.True(DocumentationFiles.CodeBlocks(DocumentationFiles.Readme, "csharp").Count >= 4);
        Assert.True(DocumentationFiles.CodeBlocks("csharp").Count(b => b.File.StartsWith("docs/", StringComparison.Ordinal)) >= 8);
    }

    [Fact]
    public void CSharpBlocks_TheAspNetCoreQuickStart_IsCompiledAsAWebProject()
    {
        var web = DocumentationFiles.CodeBlocks(DocumentationFiles.Readme, "csharp").Where(b => b.Code.StartsWith(WebProjectMarker, StringComparison.Ordinal));

        Assert.Contains("WebApplication.CreateBuilder", Assert.Single(web).Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_WebApplicationInAConsoleProject_AreReported()
    {
        // The web project's implicit usings are what make the ASP.NET Core quick start compile; without them it cannot.
        var code = "var app = WebApplication.CreateBuilder(args).Build();\napp.Run();\n";

        Assert.NotEmpty(SnippetCompiler.Errors(code, SnippetProject.Console));
        Assert.Empty(SnippetCompiler.Errors(code, SnippetProject.Web));
    }

    [Theory]
    [InlineData("docs/testing.md", "Against the fake server", "tests/Telephony.Sdk.Tests/Readme/TestingYourAppExampleTests.cs")]
    [InlineData("docs/testing.md", "With a mock", "tests/Telephony.Sdk.Tests/Readme/MockingExampleTests.cs")]
    public void TestBlock_OfSection_IsTheTestThatRunsWithTheSuite(string guide, string section, string path)
    {
        var block = DocumentationFiles.CodeBlocks(guide, "csharp").First(b => b.Section == section && b.Code.Contains("[Fact]", StringComparison.Ordinal));

        // The file starts with a comment and the pragmas the suite needs; from the first using directive on, it is the guide's.
        var file = DocumentationFiles.ReadRepositoryFile(path).ReplaceLineEndings("\n");
        Assert.Equal(block.Code, file[file.IndexOf("using ", StringComparison.Ordinal)..]);
    }
}
