namespace Telephony.Sdk.Tests.Readme;

/// <summary>The repository's README.md and the guides in docs/, with their fenced code blocks.</summary>
internal static class DocumentationFiles
{
    /// <summary>The README, whose path the other tests use.</summary>
    public const string Readme = "README.md";

    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;

    /// <summary>Gets README.md and every docs/*.md, as paths from the repository root with forward slashes.</summary>
    public static IReadOnlyList<string> Paths =>
        [Readme, .. Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(p => "docs/" + Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    /// <summary>Reads a file of the repository by its path from the root.</summary>
    public static string ReadRepositoryFile(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>Gets the fenced blocks in <paramref name="language"/> of every documentation file.</summary>
    public static IReadOnlyList<ReadmeCodeBlock> CodeBlocks(string language) => [.. Paths.SelectMany(p => CodeBlocks(p, language))];

    /// <summary>Gets the fenced blocks in <paramref name="language"/> of one file, each with the nearest heading above it.</summary>
    public static IReadOnlyList<ReadmeCodeBlock> CodeBlocks(string file, string language)
    {
        var blocks = new List<ReadmeCodeBlock>();
        var lines = ReadRepositoryFile(file).Split('\n');
        var section = string.Empty;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith('#'))
            {
                section = line.TrimStart('#').Trim();
            }
            else if (line.StartsWith("```", StringComparison.Ordinal))
            {
                var start = i + 1;
                var end = start;
                while (end < lines.Length && !lines[end].TrimEnd('\r').StartsWith("```", StringComparison.Ordinal))
                {
                    end++;
                }

                if (line[3..].Trim() == language)
                {
                    blocks.Add(new ReadmeCodeBlock(language, file, section, start + 1, string.Join('\n', lines[start..end].Select(l => l.TrimEnd('\r'))) + "\n"));
                }

                i = end;
            }
        }

        return blocks;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Telephony.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (with Telephony.Sdk.sln) was not found above " + AppContext.BaseDirectory);
    }
}
