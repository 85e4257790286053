namespace Telephony.Sdk.Package.Tests;

/// <summary>
/// A Blazor WebAssembly app that references the packed Telephony.Sdk and sets no <c>TelephonyClientMode</c>: the package
/// makes it a client-mode build, so a secret key in <c>wwwroot/appsettings.json</c> (downloaded by every visitor) fails
/// the build before anything is copied to the output.
/// </summary>
[Trait("Category", "ConsumerBuild")]
public sealed class BlazorConsumerBuildTests(PackedSdkFixture sdk)
{
    // Fake keys, shorter than real ones so that secret scanners do not flag this file.
    private const string SecretKey = "sk_test_blazor1234WXYZ";
    private const string PublishableKey = "pk_test_blazor1234WXYZ";
    private const string StaticWebAssetsManifest = "Consumer.staticwebassets.runtime.json";

    [Fact]
    public async Task Build_BlazorWithSecretKeyInWwwrootAppSettings_FailsWithTel1003AndCopiesNothing()
    {
        var app = await ConsumerApp.CreateBlazorAsync(sdk, "blazor-secret", AppSettings(SecretKey));

        var build = await app.BuildAsync();

        Assert.False(build.Succeeded, build.ToString());
        Assert.Contains("wwwroot/appsettings.json(3) : error TEL1003: wwwroot/appsettings.json, line 3,", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, build.Output, StringComparison.Ordinal);
        Assert.False(app.BuildOutputContains(SecretKey), "the secret key was written to bin/ or obj/");
        Assert.False(File.Exists(Path.Combine(app.OutputDirectory, "Consumer.dll")), "the build went on after TEL1003");
        // A Blazor build serves wwwroot from the project through this manifest; without it nothing is served.
        Assert.False(File.Exists(Path.Combine(app.OutputDirectory, StaticWebAssetsManifest)), "the build listed wwwroot's files to be served");
    }

    [Fact]
    public async Task Publish_BlazorWithSecretKeyInWwwrootAppSettings_FailsWithTel1003AndPublishesNothing()
    {
        var app = await ConsumerApp.CreateBlazorAsync(sdk, "blazor-secret-publish", AppSettings(SecretKey));
        var output = Path.Combine(app.Directory, "publish");

        var publish = await app.PublishAsync(output);

        Assert.False(publish.Succeeded, publish.ToString());
        Assert.Contains("error TEL1003: wwwroot/appsettings.json, line 3,", publish.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, publish.Output, StringComparison.Ordinal);
        var published = Directory.Exists(output) ? Directory.GetFiles(output, "*", SearchOption.AllDirectories) : [];
        Assert.Empty(published);
    }

    [Fact]
    public async Task Build_BlazorWithPublishableKeyAndNoModeSet_IsAClientModeBuild()
    {
        var app = await ConsumerApp.CreateBlazorAsync(sdk, "blazor-publishable", AppSettings(PublishableKey));

        var build = await app.BuildAsync();

        Assert.True(build.Succeeded, build.ToString());
        Assert.DoesNotContain("TEL100", build.Output, StringComparison.Ordinal);
        Assert.Equal("Client", await app.GetPropertyAsync("TelephonyClientMode"));
        // What the SDK reads at run time in the browser: the switch in the app's runtime configuration.
        var runtimeConfig = await File.ReadAllTextAsync(Path.Combine(app.OutputDirectory, "Consumer.runtimeconfig.json"), TestContext.Current.CancellationToken);
        Assert.Contains("\"Telephony.Sdk.ClientMode\": true", runtimeConfig, StringComparison.Ordinal);
        // The counterpart of the refused build: here wwwroot/appsettings.json is listed to be served.
        var manifest = await File.ReadAllTextAsync(Path.Combine(app.OutputDirectory, StaticWebAssetsManifest), TestContext.Current.CancellationToken);
        Assert.Contains("appsettings.json", manifest, StringComparison.Ordinal);
    }

    private static string AppSettings(string key) => $$"""
        {
          "Telephony": {
            "ApiKey": "{{key}}"
          }
        }

        """;
}
