namespace Telephony.Sdk.Tests.Readme;

/// <summary>The relative links of the README, the guides in docs/ and the repository's other Markdown files resolve.</summary>
public sealed class DocumentationLinkTests
{
    public static TheoryData<string> MarkdownFiles => [.. DocumentationFiles.Paths, "CONTRIBUTING.md", "CHANGELOG.md"];

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void RelativeLinks_OfFile_Resolve(string file)
    {
        var text = DocumentationFiles.ReadRepositoryFile(file);

        var problems = MarkdownLinks.Targets(text)
            .Where(t => !MarkdownLinks.IsAbsolute(t))
            .Select(t => MarkdownLinks.Problem(DocumentationFiles.Root, file, t))
            .OfType<string>()
            .ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Readme_LinksToEveryGuide()
    {
        var targets = MarkdownLinks.Targets(DocumentationFiles.ReadRepositoryFile(DocumentationFiles.Readme));

        Assert.All(DocumentationFiles.Paths.Skip(1), guide => Assert.Contains(guide, targets));
    }

    [Theory]
    [InlineData("[a](docs/missing.md)", "docs/missing.md, which does not exist")]
    [InlineData("[a](docs/errors.md#no-such-heading)", "no heading with the anchor #no-such-heading")]
    [InlineData("[a](#no-such-heading)", "no heading with the anchor #no-such-heading")]
    public void Problem_BrokenLink_IsReported(string markdown, string expected)
    {
        var target = Assert.Single(MarkdownLinks.Targets(markdown));

        Assert.Contains(expected, MarkdownLinks.Problem(DocumentationFiles.Root, DocumentationFiles.Readme, target), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# The client and its `HttpClient`", "the-client-and-its-httpclient")]
    [InlineData("## Rate limits, retries and timeouts", "rate-limits-retries-and-timeouts")]
    [InlineData("## TEL1001–TEL1003: what they mean", "tel1001tel1003-what-they-mean")]
    public void Anchors_Heading_IsGitHubsSlug(string heading, string anchor)
    {
        Assert.Contains(anchor, MarkdownLinks.Anchors(heading));
    }
}
