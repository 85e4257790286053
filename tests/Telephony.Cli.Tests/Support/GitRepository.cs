using System.Diagnostics;

namespace Telephony.Cli.Tests.Support;

/// <summary>A real git repository in a temporary folder, deleted on dispose.</summary>
internal sealed class GitRepository : IDisposable
{
    private GitRepository(string root) => Root = root;

    public string Root { get; }

    public static GitRepository Create()
    {
        var repository = new GitRepository(Directory.CreateTempSubdirectory("telephony-scan-").FullName);
        repository.Git("init", "-q", "-b", "main");
        repository.Git("config", "user.email", "test@example.com");
        repository.Git("config", "user.name", "Test");
        repository.Git("config", "commit.gpgsign", "false");
        return repository;
    }

    public GitRepository Write(string path, string content)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public GitRepository WriteBytes(string path, byte[] content)
    {
        File.WriteAllBytes(Path.Combine(Root, path), content);
        return this;
    }

    public GitRepository Delete(string path)
    {
        File.Delete(Path.Combine(Root, path));
        return this;
    }

    /// <summary>Stages everything and commits; returns the commit's hash.</summary>
    public string Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] arguments) => Run(Root, arguments).Output;

    public static (int ExitCode, string Output) Run(string folder, params string[] arguments) =>
        Run(folder, new Dictionary<string, string>(), arguments);

    public static (int ExitCode, string Output) Run(string folder, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var all = output + error.Result;
        return (process.ExitCode, all);
    }

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal); // git's object files are read-only
        }

        Directory.Delete(Root, recursive: true);
    }
}
