using System.Xml.Linq;

namespace Telephony.Sdk.Tests.Readme;

/// <summary>
/// Each packed project carries a short README of its own, not the repository's, and every link in it is absolute: a
/// relative link breaks on the package's page. Links into this repository point at files that exist.
/// </summary>
public sealed class PackageReadmeTests
{
    private const string RepositoryFiles = "https://github.com/telephony-sdk/telephony-dotnet/blob/main/";

    private static readonly string[] Projects =
    [
        "src/Telephony.Sdk/Telephony.Sdk.csproj",
        "src/Telephony.Sdk.Testing/Telephony.Sdk.Testing.csproj",
        "src/Telephony.Sdk.Redis/Telephony.Sdk.Redis.csproj",
        "src/Telephony.Sdk.HealthChecks/Telephony.Sdk.HealthChecks.csproj",
        "src/Telephony.Cli/Telephony.Cli.csproj",
    ];

    public static TheoryData<string> PackedProjects => [.. Projects];

    [Fact]
    public void PackedProjects_AreEveryProjectWithAPackageReadme()
    {
        var withReadme = Directory.GetFiles(Path.Combine(DocumentationFiles.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => XDocument.Load(p).Descendants("PackageReadmeFile").Any())
            .Select(p => Path.GetRelativePath(DocumentationFiles.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

        Assert.Equal(Projects.Order(StringComparer.Ordinal), withReadme);
    }

    [Theory]
    [MemberData(nameof(PackedProjects))]
    public void PackageReadme_OfProject_IsItsOwnFile(string project)
    {
        var readme = PackedReadme(project);

        Assert.Equal(Path.GetDirectoryName(project)!.Replace('\\', '/') + "/README.md", readme);
        var title = DocumentationFiles.ReadRepositoryFile(readme).Split('\n')[0].TrimEnd('\r');
        Assert.Equal($"# {PackageId(project)}", title);
    }

    [Theory]
    [MemberData(nameof(PackedProjects))]
    public void PackageReadme_OfProject_HasOnlyAbsoluteLinksThatResolve(string project)
    {
        var readme = PackedReadme(project);
        var targets = MarkdownLinks.Targets(DocumentationFiles.ReadRepositoryFile(readme));

        Assert.All(targets, t => Assert.True(MarkdownLinks.IsAbsolute(t), $"{readme}: ({t}) is relative, which breaks on the package page"));
        var problems = targets
            .Where(t => t.StartsWith(RepositoryFiles, StringComparison.Ordinal))
            .Select(t => MarkdownLinks.Problem(DocumentationFiles.Root, DocumentationFiles.Readme, t[RepositoryFiles.Length..]))
            .OfType<string>()
            .ToList();
        Assert.True(problems.Count == 0, $"{readme} links into the repository: {string.Join('\n', problems)}");
    }

    /// <summary>The path from the repository root of the file the project packs as its <c>PackageReadmeFile</c>.</summary>
    private static string PackedReadme(string project)
    {
        var document = XDocument.Load(Path.Combine(DocumentationFiles.Root, project));
        var name = Assert.Single(document.Descendants("PackageReadmeFile")).Value;
        var packed = Assert.Single(
            document.Descendants("None"),
            n => (string?)n.Attribute("Pack") == "true" && Path.GetFileName((string?)n.Attribute("Include")) == name);
        var include = (string)packed.Attribute("Include")!;
        var full = Path.GetFullPath(Path.Combine(DocumentationFiles.Root, Path.GetDirectoryName(project)!, include));
        return Path.GetRelativePath(DocumentationFiles.Root, full).Replace('\\', '/');
    }

    private static string PackageId(string project) =>
        XDocument.Load(Path.Combine(DocumentationFiles.Root, project)).Descendants("PackageId").SingleOrDefault()?.Value
        ?? Path.GetFileNameWithoutExtension(project);
}
