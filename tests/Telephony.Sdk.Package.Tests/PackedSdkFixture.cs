using System.Reflection;

// One pack for every test class of the assembly.
[assembly: AssemblyFixture(typeof(Telephony.Sdk.Package.Tests.PackedSdkFixture))]

namespace Telephony.Sdk.Package.Tests;

/// <summary>
/// Packs Telephony.Sdk from this repository once per test run, into a temporary feed with a version no other run
/// uses, so a consumer can never pick up a stale copy of the package from a cache.
/// </summary>
public sealed class PackedSdkFixture : IAsyncLifetime
{
    /// <summary>Where every file of this run lives: the feed, the package cache, the consumers.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "telephony-package-tests-" + Guid.NewGuid().ToString("N"));

    public string Version { get; } = "0.0.0-ci." + Guid.NewGuid().ToString("N");

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>
    /// An empty package cache for the consumers, so the package is extracted fresh; every other package comes from the
    /// machine's usual cache, used as a read-only fallback folder, so nothing is downloaded again.
    /// </summary>
    public string PackageCache => Path.Combine(Root, "packages");

    public static string MachinePackageCache =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        // Stops MSBuild from importing a Directory.Build.props/.targets found above the temporary folder.
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");

        var project = Path.Combine(RepositoryRoot(), "src", "Telephony.Sdk", "Telephony.Sdk.csproj");
        var configuration = typeof(PackedSdkFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Configuration").Value!;
        // The library and its analyzer were built with this test project (it references the library, for every target
        // framework, without using it), so the pack only collects what that build made: compiling the library again
        // took most of the pack's time. Only the package gets this run's version; its nuspec is written here, not to obj/.
        var pack = await DotNetCli.RunAsync(Root,
        [
            "pack", project, "-c", configuration, "--no-build", "-o", Feed, "-p:PackageVersion=" + Version,
            "-p:NuspecOutputPath=" + Path.Combine(Root, "nuspec") + Path.DirectorySeparatorChar, "-nologo", "-v:minimal",
        ]);
        Assert.True(pack.Succeeded, pack.ToString());
        Assert.True(File.Exists(Path.Combine(Feed, $"Telephony.Sdk.{Version}.nupkg")), pack.ToString());
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not worth failing a test run for.
        }

        return ValueTask.CompletedTask;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Telephony.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Telephony.Sdk.sln was not found above " + AppContext.BaseDirectory);
    }
}
