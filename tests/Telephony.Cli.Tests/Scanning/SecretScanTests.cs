using System.Text;
using Telephony.Cli.Scanning;
using Telephony.Cli.Tests.Support;

namespace Telephony.Cli.Tests.Scanning;

/// <summary>The scanner against real git repositories made for each test.</summary>
public sealed class SecretScanTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scan_KeyInWorkingTree_ReportsFileLineAndRedactedKey()
    {
        using var repo = GitRepository.Create();
        var key = TestKeys.Secret();
        repo.Write("config/appsettings.json", $"{{\n  \"Telephony\": {{\n    \"ApiKey\": \"{key}\"\n  }}\n}}\n").Commit("config");

        var result = await ScanAsync(repo);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("config/appsettings.json", 3, 16), (finding.Path, finding.Line, finding.Column));
        Assert.Equal($"sk_live_…{key[^4..]}", finding.Redacted);
        Assert.Equal(KeyFingerprint.Of(key), finding.Fingerprint);
        Assert.Null(finding.Commit);
        Assert.DoesNotContain(TestKeys.Hidden(key), Report(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_KeyInDeletedFile_IsFoundOnlyInHistoryWithTheCommitThatAddedIt()
    {
        using var repo = GitRepository.Create();
        var key = TestKeys.Secret("test");
        repo.Write("README.md", "hello\n").Commit("readme");
        var added = repo.Write(".env", $"TELEPHONY_API_KEY={key}\n").Commit("add env");
        repo.Delete(".env").Commit("remove env");

        var tree = await ScanAsync(repo);
        var history = await ScanAsync(repo, history: true);

        Assert.Empty(tree.Findings);
        var finding = Assert.Single(history.Findings);
        Assert.Equal((".env", 1, added, false), (finding.Path, finding.Line, finding.Commit, finding.InWorkingTree));
        Assert.Equal(3, history.CommitsScanned);
        Assert.Contains("still in history", Report(history), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_KeyLaterFixedAndWrittenAgain_IsOneFindingWithTheFirstCommit()
    {
        using var repo = GitRepository.Create();
        var key = TestKeys.Secret();
        var first = repo.Write("src/Program.cs", $"var client = new TelephonyClient(\"{key}\");\n").Commit("hard-coded key");
        repo.Write("src/Program.cs", "var client = new TelephonyClient(new TelephonyClientOptions());\n").Commit("key from the environment");
        repo.Write("src/Program.cs", $"// was: {key}\nvar client = new TelephonyClient(new TelephonyClientOptions());\n").Commit("a comment brings it back");
        repo.Write("src/Program.cs", "var client = new TelephonyClient(new TelephonyClientOptions());\n").Commit("fixed again");

        var history = await ScanAsync(repo, history: true);

        var finding = Assert.Single(history.Findings);
        Assert.Equal(("src/Program.cs", first, false), (finding.Path, finding.Commit, finding.InWorkingTree));
    }

    [Fact]
    public async Task Scan_KeyStillInTree_CarriesItsFirstCommitWithHistory()
    {
        using var repo = GitRepository.Create();
        var key = TestKeys.Secret();
        var added = repo.Write("a.txt", $"one\n{key}\n").Commit("add");
        repo.Write("a.txt", $"zero\none\n{key}\n").Commit("line above");

        var history = await ScanAsync(repo, history: true);

        var finding = Assert.Single(history.Findings);
        Assert.Equal((3, added, true), (finding.Line, finding.Commit, finding.InWorkingTree));
    }

    [Fact]
    public async Task Scan_BinaryFile_IsSkippedInTreeAndHistory()
    {
        using var repo = GitRepository.Create();
        var key = TestKeys.Secret();
        repo.WriteBytes("image.png", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, .. Encoding.ASCII.GetBytes($"\n{key}\n")]).Commit("binary");

        Assert.Empty((await ScanAsync(repo)).Findings);
        Assert.Empty((await ScanAsync(repo, history: true)).Findings);
    }

    [Fact]
    public async Task Scan_FileOverTheSizeLimit_IsSkipped()
    {
        using var repo = GitRepository.Create();
        var key = TestKeys.Secret();
        repo.Write("big.txt", key + "\n" + new string('x', (int)WorkingTreeScan.MaxFileBytes));

        var result = await ScanAsync(repo);

        Assert.Empty(result.Findings);
    }

    [Fact]
    public async Task Scan_IgnoredByGitignore_IsSkippedButOtherUntrackedFilesAreScanned()
    {
        using var repo = GitRepository.Create();
        repo.Write(".gitignore", "secrets.env\nbin/\n").Commit("ignore");
        repo.Write("secrets.env", $"KEY={TestKeys.Secret()}\n").Write("bin/out.json", $"\"{TestKeys.Secret()}\"\n");
        var untracked = TestKeys.Secret();
        repo.Write("notes.txt", $"KEY={untracked}\n");

        var result = await ScanAsync(repo);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("notes.txt", KeyFingerprint.Of(untracked)), (finding.Path, finding.Fingerprint));
    }

    [Fact]
    public async Task Scan_JsonEscapedKeyAndBase64Neighbour_FindsExactlyTheKey()
    {
        using var repo = GitRepository.Create();
        var escaped = TestKeys.Secret();
        var beside = TestKeys.Secret("test");
        var base64 = Convert.ToBase64String(Encoding.ASCII.GetBytes(TestKeys.Secret()));
        repo.Write("payload.json", $"{{\"config\":\"{{\\\"apiKey\\\":\\\"{escaped}\\\"}}\"}}\n");
        repo.Write("pair.txt", $"key={beside};blob={base64}\n");

        var result = await ScanAsync(repo);

        Assert.Equal(
            [("pair.txt", KeyFingerprint.Of(beside)), ("payload.json", KeyFingerprint.Of(escaped))],
            result.Findings.Select(f => (f.Path, f.Fingerprint)));
        Assert.Equal($"sk_live_…{escaped[^4..]}", result.Findings[1].Redacted);
    }

    [Fact]
    public async Task Scan_LookAlikesPublishableKeysRedactedFormsAndAllowedLines_AreNotFindings()
    {
        using var repo = GitRepository.Create();
        var hex = Guid.NewGuid().ToString("N");
        repo.Write("lookalikes.txt", string.Join('\n',
            $"publishable: {TestKeys.Publishable()} {TestKeys.Publishable("test")}",
            $"task_live_{hex} disk_test_{hex} mask_live_{hex}",
            "redacted: sk_live_…c123 sk_test_…",
            "prose: secret keys start with sk_live_ or sk_test_.",
            $"fake: {TestKeys.Secret()} // {SecretLine.AllowMarker}") + "\n").Commit("look-alikes");

        Assert.Empty((await ScanAsync(repo)).Findings);
        Assert.Empty((await ScanAsync(repo, history: true)).Findings);
    }

    [Fact]
    public async Task Scan_FingerprintInIgnoreFile_AllowsThatKeyOnly()
    {
        using var repo = GitRepository.Create();
        var fake = TestKeys.Secret("test");
        var real = TestKeys.Secret();
        repo.Write("tests/Fakes.cs", $"const string A = \"{fake}\";\nconst string B = \"{real}\";\n").Commit("keys");
        File.WriteAllText(Path.Combine(repo.Root, IgnoreFile.DefaultName), $"# known fakes\n{KeyFingerprint.Of(fake)}  # tests/Fakes.cs\n");

        var ignore = IgnoreFile.Load(Path.Combine(repo.Root, IgnoreFile.DefaultName), out var error)!;
        var result = await SecretScan.RunAsync(repo.Root, history: true, staged: false, ignore, Token);

        Assert.Null(error);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(KeyFingerprint.Of(real), finding.Fingerprint);
        Assert.Equal(1, result.Allowed);
    }

    [Fact]
    public async Task IgnoreFile_MalformedLine_SaysWhatToFixWithoutRepeatingIt()
    {
        var path = Path.GetTempFileName();
        var key = TestKeys.Secret();
        File.WriteAllText(path, $"{KeyFingerprint.Of(key)}\n{key}\n");
        try
        {
            var ignore = IgnoreFile.Load(path, out var error);

            Assert.Null(ignore);
            Assert.Contains($"{path}(2): expected a fingerprint of 20 lower-case hex digits", error, StringComparison.Ordinal);
            Assert.DoesNotContain(TestKeys.Hidden(key), error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }

        await Task.CompletedTask;
    }

    [Fact]
    public async Task Scan_FolderOutsideGit_WalksEveryFile()
    {
        var folder = Directory.CreateTempSubdirectory("telephony-plain-").FullName;
        try
        {
            var key = TestKeys.Secret();
            Directory.CreateDirectory(Path.Combine(folder, "deep", "er"));
            File.WriteAllText(Path.Combine(folder, "deep", "er", ".env"), $"TELEPHONY_API_KEY={key}\n");

            var result = await SecretScan.RunAsync(folder, history: false, staged: false, IgnoreFile.Empty, Token);
            var history = await Assert.ThrowsAsync<InvalidOperationException>(
                () => SecretScan.RunAsync(folder, history: true, staged: false, IgnoreFile.Empty, Token));

            Assert.Equal("deep/er/.env", Assert.Single(result.Findings).Path);
            Assert.Contains("--history needs a git work tree", history.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Scan_Staged_SeesTheIndexNotTheWorkingTree()
    {
        using var repo = GitRepository.Create();
        repo.Write("clean.txt", "nothing\n").Commit("first");
        var staged = TestKeys.Secret();
        repo.Write("staged.txt", $"a\n{staged}\n");
        repo.Git("add", "staged.txt");
        repo.Write("unstaged.txt", $"{TestKeys.Secret()}\n");

        var result = await ScanAsync(repo, staged: true);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("staged.txt", 2, KeyFingerprint.Of(staged)), (finding.Path, finding.Line, finding.Fingerprint));
        Assert.Contains("the staged changes", TextReport.Summary(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_Subfolder_ReportsPathsFromTheTopOfTheWorkTree()
    {
        using var repo = GitRepository.Create();
        repo.Write("src/app/settings.json", $"\"{TestKeys.Secret()}\"\n").Write("other/x.txt", $"{TestKeys.Secret()}\n").Commit("keys");

        var tree = await SecretScan.RunAsync(Path.Combine(repo.Root, "src"), history: false, staged: false, IgnoreFile.Empty, Token);
        var history = await SecretScan.RunAsync(Path.Combine(repo.Root, "src"), history: true, staged: false, IgnoreFile.Empty, Token);

        Assert.Equal("src/app/settings.json", Assert.Single(tree.Findings).Path);
        Assert.Equal("src/app/settings.json", Assert.Single(history.Findings).Path);
    }

    [Fact]
    public async Task Scan_HistoryOfTwoThousandCommits_FindsThePlantedKeyInItsCommit()
    {
        using var repo = GitRepository.Create();
        var key = TestKeys.Secret();
        var planted = HistoryGenerator.Generate(repo.Root, commits: 2000, plantAt: 1234, key);

        var result = await ScanAsync(repo, history: true);

        var finding = Assert.Single(result.Findings);
        Assert.Equal((planted, 2000), (finding.Commit, result.CommitsScanned));
        Assert.False(finding.InWorkingTree);
    }

    private static Task<ScanResult> ScanAsync(GitRepository repo, bool history = false, bool staged = false) =>
        SecretScan.RunAsync(repo.Root, history, staged, IgnoreFile.Empty, Token);

    private static string Report(ScanResult result)
    {
        using var text = new StringWriter();
        TextReport.WriteFindings(result, text);
        TextReport.WriteIgnoreFile(result, text);
        using var sarif = new MemoryStream();
        SarifReport.Write(result, sarif);
        return text + TextReport.Summary(result) + Encoding.UTF8.GetString(sarif.ToArray());
    }
}
