namespace Telephony.Sdk.Package.Tests;

/// <summary>
/// The package on .NET Framework, and on frameworks it does not support: a net48 library builds against lib/net462 with
/// warnings as errors, the build-time key checks run in a net472 client app, and an unsupported framework fails at
/// restore with NU1202 naming the supported ones (never later, with a CS0246 for the missing assembly). The apps run
/// under Mono in eng/netfx-consumer-check.sh.
/// </summary>
[Trait("Category", "ConsumerBuild")]
public sealed class FrameworkConsumerBuildTests(PackedSdkFixture sdk)
{
    // Fake keys, shorter than real ones so that secret scanners do not flag this file.
    private const string SecretKey = "sk_test_netfx1234WXYZ";

    private const string LibraryCode = """
        using Microsoft.Extensions.DependencyInjection;
        using Telephony.Sdk;

        namespace Consumer;

        public static class Balances
        {
            public static IServiceCollection AddBalances(this IServiceCollection services, string apiKey)
            {
                services.AddTelephonyClient(options => options.ApiKey = apiKey);
                return services;
            }

            public static async System.Threading.Tasks.Task<decimal> ReadAsync(TelephonyClient client) =>
                (await client.Account.GetBalanceAsync().ConfigureAwait(false)).Balance;
        }

        """;

    [Fact]
    public async Task Build_Net48ClassLibrary_BuildsAgainstTheNet462AssetWithoutWarnings()
    {
        var library = await ConsumerApp.CreateLibraryAsync(sdk, "net48-library", "net48", LibraryCode);

        var build = await library.BuildAsync();

        Assert.True(build.Succeeded, build.ToString());
        Assert.Contains("0 Warning(s)", build.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(library.OutputDirectory, "Telephony.Sdk.dll")), build.ToString());
        var assets = await File.ReadAllTextAsync(Path.Combine(library.Directory, "obj", "project.assets.json"), TestContext.Current.CancellationToken);
        Assert.Contains("lib/net462/Telephony.Sdk.dll", assets, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_Net461_FailsWithNu1202NamingTheSupportedFrameworks()
    {
        const string framework = "net461";
        var library = await ConsumerApp.CreateLibraryAsync(sdk, "unsupported-" + framework, framework, LibraryCode);

        var build = await library.BuildAsync();

        Assert.False(build.Succeeded, build.ToString());
        Assert.Contains("error NU1202", build.Output, StringComparison.Ordinal);
        Assert.Contains("net462", build.Output, StringComparison.Ordinal);
        Assert.Contains("net8.0", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS0246", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_NetStandard20_FailsWithTel1004NamingTheSupportedFrameworks()
    {
        // NuGet's AssetTargetFallback gives .NET Standard (and .NET Core before 8) the net462 assembly with warning NU1701
        // instead of failing the restore; without warnings as errors the build would go on.
        const string framework = "netstandard2.0";
        var library = await ConsumerApp.CreateLibraryAsync(sdk, "fallback-" + framework, framework, LibraryCode, warningsAsErrors: false);

        var build = await library.BuildAsync();

        Assert.False(build.Succeeded, build.ToString());
        Assert.Contains($"error TEL1004: Telephony.Sdk does not support {framework}: it supports .NET Framework 4.6.2 and later", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS0246", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_Net472ClientModeWithNoContentFiles_Succeeds()
    {
        // A .NET Framework console app has no content item at all; the TEL1003 scan once failed on the empty list (MSB4086).
        var app = await ConsumerApp.CreateAsync(sdk, "net472-client-empty", "Client", targetFramework: "net472");

        var build = await app.BuildAsync();

        Assert.True(build.Succeeded, build.ToString());
        Assert.True(File.Exists(Path.Combine(app.OutputDirectory, "Consumer.exe")), build.ToString());
    }

    [Fact]
    public async Task Build_Net472ClientModeWithSecretKeyLiteral_FailsWithTel1001()
    {
        var app = await ConsumerApp.CreateAsync(sdk, "net472-client-literal", "Client",
            extraCode: $"Console.WriteLine(\"{SecretKey}\".Length);", targetFramework: "net472");

        var build = await app.BuildAsync();

        Assert.False(build.Succeeded, build.ToString());
        Assert.Matches(@"Program\.cs\(\d+,\d+\): error TEL1001: A Telephony\.io secret key \(sk_test_…WXYZ\)", build.Output);
        Assert.DoesNotContain(SecretKey, build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_Net472ClientModeWithSecretKeyInAppSettings_FailsWithTel1003AndCopiesNothing()
    {
        var app = await ConsumerApp.CreateAsync(sdk, "net472-client-appsettings", "Client",
            appSettings: $$"""{ "Telephony": { "ApiKey": "{{SecretKey}}" } }""", targetFramework: "net472");

        var build = await app.BuildAsync();

        Assert.False(build.Succeeded, build.ToString());
        Assert.Contains("appsettings.json(1) : error TEL1003: appsettings.json, line 1,", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, build.Output, StringComparison.Ordinal);
        Assert.False(app.BuildOutputContains(SecretKey), "the secret key was written to bin/ or obj/");
        Assert.False(File.Exists(Path.Combine(app.OutputDirectory, "Consumer.exe")), "the build went on after TEL1003");
    }
}
