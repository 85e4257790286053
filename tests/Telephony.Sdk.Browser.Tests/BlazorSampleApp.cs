using System.Diagnostics;
using System.Reflection;
using Microsoft.Playwright;
using Telephony.Sdk.Package.Tests;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Browser.Tests;

/// <summary>
/// The published samples/Telephony.Samples.Blazor served on 127.0.0.1, the fake Telephony.io allowing that origin
/// (CORS) on 127.0.0.1, and a headless Chromium, shared by the tests of one class.
/// </summary>
public sealed class BlazorSampleApp : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "telephony-browser-tests-" + Guid.NewGuid().ToString("N"));
    private StaticAppHost? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private TelephonyFakeServer? _server;

    /// <summary>Gets why the tests cannot run here (no Chromium), or <see langword="null"/>.</summary>
    public string? Unavailable { get; private set; }

    public string PublishDirectory => Path.Combine(_root, "publish");

    public TimeSpan PublishTime { get; private set; }

    public TelephonyFakeServer Server => _server ?? throw new InvalidOperationException(Unavailable);

    public Uri Origin => _host?.Origin ?? throw new InvalidOperationException(Unavailable);

    public async ValueTask InitializeAsync()
    {
        if (Chromium.Find() is not { } chromium)
        {
            Unavailable = Chromium.NotInstalled;
            return;
        }

        var cancellationToken = TestContext.Current.CancellationToken;
        await PublishAsync();
        _host = await StaticAppHost.StartAsync(Path.Combine(PublishDirectory, "wwwroot"), cancellationToken);
        _server = await TelephonyFakeServer.StartAsync(o => o.CorsOrigins.Add(_host.Origin.GetLeftPart(UriPartial.Authority)), cancellationToken);
        _host.ApiBaseAddress = _server.BaseAddress;

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // Root in a container has no user namespaces for Chromium's sandbox.
            Args = ["--no-sandbox"],
            Timeout = 60_000,
        });
    }

    /// <summary>Opens a page of the app in a fresh browser context, recording what reaches the browser's console.</summary>
    public async Task<AppPage> OpenAsync(string path)
    {
        if (_browser is null)
        {
            if (Chromium.Required)
            {
                Assert.Fail(Unavailable);
            }

            Assert.Skip(Unavailable!);
        }

        var context = await _browser.NewContextAsync();
        var page = await context.NewPageAsync();
        // Bounds every wait of the test; the first start of the WebAssembly runtime on a busy machine takes seconds.
        page.SetDefaultTimeout(60_000);
        var appPage = new AppPage(context, page);
        await page.GotoAsync(new Uri(Origin, path).ToString());
        return appPage;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not worth failing a test run for.
        }
    }

    private async Task PublishAsync()
    {
        var repository = RepositoryRoot();
        var project = Path.Combine(repository, "samples", "Telephony.Samples.Blazor", "Telephony.Samples.Blazor.csproj");
        var configuration = typeof(BlazorSampleApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Configuration").Value!;
        var watch = Stopwatch.StartNew();
        // The sample and the SDK were built (and restored) with this test project; BuildProjectReferences=false leaves the
        // SDK's outputs alone while other test projects use them. The app is published as a user would (trimmed), but without
        // the Brotli and gzip copies of its files: the test host serves the files as they are, and compressing them took much
        // of a first publish's time.
        var publish = await DotNetCli.RunAsync(repository,
        [
            "publish", project, "-c", configuration, "-o", PublishDirectory, "--no-restore", "-p:BuildProjectReferences=false",
            "-p:CompressionEnabled=false", "-nologo", "-v:minimal",
        ]);
        PublishTime = watch.Elapsed;
        Assert.True(publish.Succeeded, publish.ToString());
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
