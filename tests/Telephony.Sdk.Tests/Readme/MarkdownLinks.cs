using System.Text;
using System.Text.RegularExpressions;

namespace Telephony.Sdk.Tests.Readme;

/// <summary>The links of a Markdown file and the anchors of its headings, as GitHub renders them.</summary>
internal static partial class MarkdownLinks
{
    /// <summary>Gets the target of every inline link and autolink outside code blocks and code spans.</summary>
    public static IReadOnlyList<string> Targets(string markdown)
    {
        var targets = new List<string>();
        foreach (var line in Prose(markdown))
        {
            var text = CodeSpan().Replace(line, string.Empty);
            targets.AddRange(InlineLink().Matches(text).Select(m => m.Groups["target"].Value));
            targets.AddRange(AutoLink().Matches(text).Select(m => m.Groups["target"].Value));
        }

        return targets;
    }

    /// <summary>Gets the anchors GitHub gives the headings of <paramref name="markdown"/>.</summary>
    public static IReadOnlySet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Prose(markdown).Where(l => l.StartsWith('#')))
        {
            var slug = Slug(line.TrimStart('#').Trim());
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    /// <summary>Gets a value indicating whether <paramref name="target"/> has a scheme (https:, mailto:, …).</summary>
    public static bool IsAbsolute(string target) => Uri.TryCreate(target, UriKind.Absolute, out var uri) && !uri.IsFile;

    /// <summary>Checks a relative link (a path, with or without an anchor) against the repository's files.</summary>
    /// <returns>What is wrong with the link, or <see langword="null"/> when it resolves.</returns>
    public static string? Problem(string root, string fromFile, string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = hash < 0 ? target : target[..hash];
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var file = path.Length == 0
            ? fromFile
            : Path.GetRelativePath(root, Path.GetFullPath(Path.Combine(root, Path.GetDirectoryName(fromFile) ?? string.Empty, Uri.UnescapeDataString(path))));
        var full = Path.Combine(root, file);
        if (file.StartsWith("..", StringComparison.Ordinal) || (!File.Exists(full) && !Directory.Exists(full)))
        {
            return $"{fromFile}: ({target}) points at {file}, which does not exist";
        }

        if (anchor is not null && (!file.EndsWith(".md", StringComparison.Ordinal) || !Anchors(File.ReadAllText(full)).Contains(anchor)))
        {
            return $"{fromFile}: ({target}): {file} has no heading with the anchor #{anchor}";
        }

        return null;
    }

    private static string Slug(string heading)
    {
        var slug = new StringBuilder();
        foreach (var c in heading.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    private static IEnumerable<string> Prose(string markdown)
    {
        var fenced = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
            }
            else if (!fenced)
            {
                yield return line;
            }
        }
    }

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"<(?<target>https?://[^>\s]+)>")]
    private static partial Regex AutoLink();
}
