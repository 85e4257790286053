using System.Text.Json;

namespace Telephony.Cli.Scanning;

/// <summary>
/// How the pre-commit hook runs the tool: the way the repository installed it, never a path inside the NuGet package
/// cache, which a tool update or a cleared cache removes (every commit would then fail with "not found").
/// </summary>
internal static class HookInvocation
{
    /// <summary>The command of a local tool: <c>dotnet tool run</c> finds the version the manifest names.</summary>
    public const string LocalTool = "dotnet tool run " + CommandName;

    private const string CommandName = "telephony";

    /// <summary>
    /// Returns the command line that starts the tool from a hook run at <paramref name="topLevel"/>, the top of the work
    /// tree (git runs hooks there): <c>dotnet tool run telephony</c> when a tool manifest found from there lists the
    /// command; <c>telephony</c> when this process is the command that PATH finds (a global tool's shim); else this
    /// process's own path (an app host, or <c>dotnet</c> and this assembly for a build output).
    /// </summary>
    public static string For(string topLevel)
    {
        if (ManifestListsTool(topLevel))
        {
            return LocalTool;
        }

        var process = Environment.ProcessPath;
        if (process is null)
        {
            return CommandName;
        }

        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
        {
            return $"{Quote(process)} {Quote(typeof(HookInvocation).Assembly.Location)}";
        }

        var name = Path.GetFileName(process);
        return FindOnPath(name) is { } found && SameFile(found, process) ? Path.GetFileNameWithoutExtension(process) : Quote(process);
    }

    /// <summary>
    /// Looks for a tool manifest as <c>dotnet tool run</c> does: <c>.config/dotnet-tools.json</c>, then
    /// <c>dotnet-tools.json</c>, in <paramref name="folder"/> and each folder above it, up to one marked <c>isRoot</c>.
    /// </summary>
    private static bool ManifestListsTool(string folder)
    {
        for (var directory = new DirectoryInfo(folder); directory is not null; directory = directory.Parent)
        {
            foreach (var path in new[] { Path.Combine(directory.FullName, ".config", "dotnet-tools.json"), Path.Combine(directory.FullName, "dotnet-tools.json") })
            {
                if (!File.Exists(path))
                {
                    continue;
                }

                var (lists, isRoot) = ReadManifest(path);
                if (lists)
                {
                    return true;
                }

                if (isRoot)
                {
                    return false;
                }
            }
        }

        return false;
    }

    private static (bool ListsTool, bool IsRoot) ReadManifest(string path)
    {
        try
        {
            using var manifest = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = manifest.RootElement;
            var isRoot = root.TryGetProperty("isRoot", out var flag) && flag.ValueKind == JsonValueKind.True;
            var lists = root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Object &&
                tools.EnumerateObject().Any(tool =>
                    tool.Value.ValueKind == JsonValueKind.Object &&
                    tool.Value.TryGetProperty("commands", out var commands) && commands.ValueKind == JsonValueKind.Array &&
                    commands.EnumerateArray().Any(command => command.ValueKind == JsonValueKind.String && command.GetString() == CommandName));
            return (lists, isRoot);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // A manifest dotnet could not read either: the hook could not run the tool through it.
            return (false, false);
        }
    }

    private static string? FindOnPath(string fileName) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, fileName))
            .FirstOrDefault(File.Exists);

    private static bool SameFile(string a, string b) => string.Equals(Resolve(a), Resolve(b), StringComparison.Ordinal);

    private static string Resolve(string path)
    {
        var file = new FileInfo(Path.GetFullPath(path));
        return file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
