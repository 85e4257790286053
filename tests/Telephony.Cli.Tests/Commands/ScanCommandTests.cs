using System.Text.Json;
using Telephony.Cli.Scanning;
using Telephony.Cli.Tests.Support;

namespace Telephony.Cli.Tests.Commands;

/// <summary><c>telephony scan</c> as a process: exit codes, SARIF, the ignore-file format and the pre-commit hook.</summary>
public sealed class ScanCommandTests
{
    [Fact]
    public async Task Scan_CleanRepository_Exits0()
    {
        using var repo = GitRepository.Create();
        repo.Write("a.txt", "no keys here\n").Commit("clean");

        var (exitCode, output, _) = await CliProcess.RunAsync(["scan", "--history", repo.Root]);

        Assert.Equal(0, exitCode);
        Assert.Contains("Scanned 1 file and 1 commit: no Telephony.io secret keys found.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_OneKeyInTwoFiles_SaysHowManyFilesWereScannedApartFromWhatWasFound()
    {
        using var repo = GitRepository.Create();
        repo.Write("app.env", $"TELEPHONY_API_KEY={TestKeys.Secret()}\n").Write("notes.txt", "nothing here\n").Commit("two files");

        var (exitCode, output, _) = await CliProcess.RunAsync(["scan"], workingDirectory: repo.Root);

        Assert.Equal(1, exitCode);
        Assert.Contains("Scanned 2 files: 1 Telephony.io secret key found. Revoke each real one", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_KeyFound_Exits1AndPrintsOnlyTheRedactedKey()
    {
        using var repo = GitRepository.Create();
        var key = TestKeys.Secret();
        var commit = repo.Write("app.env", $"TELEPHONY_API_KEY={key}\n").Commit("env");

        var (exitCode, output, error) = await CliProcess.RunAsync(["scan", "--history"], workingDirectory: repo.Root);

        Assert.Equal(1, exitCode);
        Assert.Contains($"app.env:1:19: live secret key sk_live_…{key[^4..]}, first committed in {commit[..12]}", output, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.Hidden(key), output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_FormatSarif_WritesTheFieldsSarif210Requires()
    {
        using var repo = GitRepository.Create();
        var key = TestKeys.Secret("test");
        repo.Write("dir with space/settings.json", $"{{ \"ApiKey\": \"{key}\" }}\n").Commit("settings");
        var sarifFile = Path.Combine(repo.Root, "..", $"{Guid.NewGuid():N}.sarif");

        var (exitCode, output, error) = await CliProcess.RunAsync(["scan", repo.Root, "--history", "--format", "sarif", "--output", sarifFile]);
        var text = await File.ReadAllTextAsync(sarifFile, TestContext.Current.CancellationToken);
        File.Delete(sarifFile);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("Scanned 1 file and 1 commit: 1 Telephony.io secret key found.", error, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.Hidden(key), text, StringComparison.Ordinal);
        using var log = JsonDocument.Parse(text);
        // The schema's required properties: sarifLog {version, runs}, run {tool}, tool {driver}, toolComponent {name},
        // result {message}, message {text or id}, reportingDescriptor {id}; and what code scanning reads besides.
        var root = log.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("telephony", driver.GetProperty("name").GetString());
        var rule = Assert.Single(driver.GetProperty("rules").EnumerateArray());
        Assert.Equal(SarifReport.RuleId, rule.GetProperty("id").GetString());
        var result = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal(SarifReport.RuleId, result.GetProperty("ruleId").GetString());
        Assert.Contains($"sk_test_…{key[^4..]}", result.GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
        var location = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
        Assert.Equal("dir%20with%20space/settings.json", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(1, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(14, location.GetProperty("region").GetProperty("startColumn").GetInt32());
        Assert.Equal(KeyFingerprint.Of(key), result.GetProperty("partialFingerprints").GetProperty("telephonyKeyHash/v1").GetString());
    }

    [Fact]
    public async Task Scan_FormatIgnoreFile_WritesLinesThatAllowTheFindings()
    {
        using var repo = GitRepository.Create();
        repo.Write("a.cs", $"\"{TestKeys.Secret()}\" \"{TestKeys.Secret("test")}\"\n").Commit("fakes");

        var (listed, lines, _) = await CliProcess.RunAsync(["scan", "--format", "ignore-file"], workingDirectory: repo.Root);
        await File.WriteAllTextAsync(Path.Combine(repo.Root, IgnoreFile.DefaultName), lines, TestContext.Current.CancellationToken);
        var (exitCode, output, _) = await CliProcess.RunAsync(["scan", "--history"], workingDirectory: repo.Root);

        Assert.Equal(1, listed);
        Assert.Equal(2, lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(0, exitCode);
        Assert.Contains("2 known fakes allowed by .telephonyignore", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallHook_BlocksACommitWithASecretKeyAndAllowsACleanOne()
    {
        using var repo = GitRepository.Create();
        repo.Write("README.md", "start\n").Commit("start");

        var (installed, installOutput, _) = await CliProcess.RunAsync(["scan", "--install-hook"], workingDirectory: repo.Root);
        var key = TestKeys.Secret();
        repo.Write("settings.json", $"{{ \"ApiKey\": \"{key}\" }}\n");
        repo.Git("add", "-A");
        var (blocked, blockedOutput) = GitRepository.Run(repo.Root, "commit", "-m", "with a key");
        repo.Write("settings.json", "{ \"ApiKey\": null }\n");
        repo.Git("add", "-A");
        var (allowed, allowedOutput) = GitRepository.Run(repo.Root, "commit", "-m", "clean");

        Assert.Equal(0, installed);
        Assert.Contains("pre-commit", installOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, blocked);
        Assert.Contains($"settings.json:1:14: live secret key sk_live_…{key[^4..]}", blockedOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.Hidden(key), blockedOutput, StringComparison.Ordinal);
        Assert.True(allowed == 0, allowedOutput);
        Assert.Equal("clean", repo.Git("log", "-1", "--format=%s").Trim());
    }

    [Fact]
    public async Task InstallHook_ToolManifestListsTelephony_HookRunsTheLocalToolNotAPathInThePackageCache()
    {
        using var repo = GitRepository.Create();
        repo.Write(
            ".config/dotnet-tools.json",
            """{ "version": 1, "isRoot": true, "tools": { "telephony.cli": { "version": "0.1.0", "commands": ["telephony"], "rollForward": false } } }""");

        repo.Write("src/a.txt", "a\n");

        // Installed from a folder below the top: dotnet tool run looks for the manifest from where git runs the hook.
        var (exitCode, _, error) = await CliProcess.RunAsync(["scan", "--install-hook"], workingDirectory: Path.Combine(repo.Root, "src"));
        var hook = await File.ReadAllTextAsync(Path.Combine(repo.Root, ".git", "hooks", "pre-commit"), TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, error);
        Assert.EndsWith("\nexec dotnet tool run telephony scan --staged\n", hook, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallHook_ToolFoundOnPath_HookRunsItByNameAndBlocksAKey()
    {
        using var repo = GitRepository.Create();
        repo.Write("README.md", "start\n").Commit("start");
        var tool = Path.ChangeExtension(CliProcess.Dll, null); // the app host beside telephony.dll, as a global tool's shim is
        var path = Path.GetDirectoryName(tool) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        var start = new System.Diagnostics.ProcessStartInfo(tool, ["scan", "--install-hook"]) { WorkingDirectory = repo.Root, RedirectStandardOutput = true };
        start.Environment["PATH"] = path;
        using (var install = System.Diagnostics.Process.Start(start)!)
        {
            await install.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, install.ExitCode);
        }

        var hook = await File.ReadAllTextAsync(Path.Combine(repo.Root, ".git", "hooks", "pre-commit"), TestContext.Current.CancellationToken);
        var key = TestKeys.Secret();
        repo.Write("settings.json", $"{{ \"ApiKey\": \"{key}\" }}\n");
        repo.Git("add", "-A");
        var (blocked, blockedOutput) = GitRepository.Run(repo.Root, new Dictionary<string, string> { ["PATH"] = path }, "commit", "-m", "with a key");

        Assert.EndsWith("\nexec telephony scan --staged\n", hook, StringComparison.Ordinal);
        Assert.NotEqual(0, blocked);
        Assert.Contains($"settings.json:1:14: live secret key sk_live_…{key[^4..]}", blockedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallHook_AnotherHookExists_IsLeftAloneAndTheLineToAddIsPrinted()
    {
        using var repo = GitRepository.Create();
        var hook = Path.Combine(repo.Root, ".git", "hooks", "pre-commit");
        await File.WriteAllTextAsync(hook, "#!/bin/sh\nexit 0\n", TestContext.Current.CancellationToken);

        var (exitCode, _, error) = await CliProcess.RunAsync(["scan", "--install-hook"], workingDirectory: repo.Root);

        Assert.Equal(2, exitCode);
        Assert.Contains("already exists and was not written by telephony; add this line to it instead:", error, StringComparison.Ordinal);
        Assert.Equal("#!/bin/sh\nexit 0\n", await File.ReadAllTextAsync(hook, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Scan_HistoryAndStagedTogether_IsAUsageError()
    {
        using var repo = GitRepository.Create();

        var (exitCode, _, error) = await CliProcess.RunAsync(["scan", "--history", "--staged", repo.Root]);

        Assert.Equal(2, exitCode);
        Assert.Contains("Give --history or --staged, not both.", error, StringComparison.Ordinal);
    }
}
