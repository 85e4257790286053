namespace Telephony.Sdk.Tests.Readme;

/// <summary>The repository's README.md and its fenced code blocks.</summary>
internal static class ReadmeFile
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;

    public static string Text => File.ReadAllText(Path.Combine(Root, "README.md"));

    /// <summary>Reads a file of the repository by its path from the root.</summary>
    public static string ReadRepositoryFile(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>Gets the fenced blocks in <paramref name="language"/>, each with the nearest heading above it.</summary>
    public static IReadOnlyList<ReadmeCodeBlock> CodeBlocks(string language)
    {
        var blocks = new List<ReadmeCodeBlock>();
        var lines = Text.Split('\n');
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
                    blocks.Add(new ReadmeCodeBlock(language, section, start + 1, string.Join('\n', lines[start..end].Select(l => l.TrimEnd('\r'))) + "\n"));
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
