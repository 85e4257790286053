namespace Telephony.Sdk.Package.Tests;

/// <summary>
/// Builds real apps against the packed Telephony.Sdk: the analyzer must load in the consumer's compiler and the
/// buildTransitive files must be imported, or these fail. Slower than unit tests (one pack, several builds), so this
/// project is not in Telephony.Sdk.sln and the README's <c>dotnet test -c Release</c> leaves it out; run it with
/// <c>dotnet test -c Release --project tests/Telephony.Sdk.Package.Tests</c>. CI runs it after the README's command.
/// </summary>
[Trait("Category", "ConsumerBuild")]
public sealed class ConsumerBuildTests(PackedSdkFixture sdk)
{
    // Fake keys, shorter than real ones so that secret scanners do not flag this file.
    private const string SecretKey = "sk_test_consumer1234WXYZ";
    private const string PublishableKey = "pk_test_consumer1234WXYZ";

    [Fact]
    public async Task Build_ClientModeWithSecretKeyInAppSettings_FailsWithTel1003AndCopiesNothing()
    {
        var app = await ConsumerApp.CreateAsync(sdk, "client-appsettings-secret", "Client", AppSettings(SecretKey));

        var build = await app.BuildAsync();

        Assert.False(build.Succeeded, build.ToString());
        Assert.Contains("appsettings.json(3) : error TEL1003: appsettings.json, line 3,", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, build.Output, StringComparison.Ordinal);
        Assert.False(app.BuildOutputContains(SecretKey), "the secret key was written to bin/ or obj/");
        Assert.False(File.Exists(Path.Combine(app.OutputDirectory, "Consumer.dll")), "the build went on after TEL1003");
    }

    [Fact]
    public async Task Build_ClientModeWithUnderscoredSecretKeyInAppSettings_FailsWithTel1003()
    {
        // A shape the run-time parser has always called secret, which the content scan once let through ('_' ended the
        // key before its eighth character). The regular expression is also exercised here through MSBuild's quoting.
        const string settingsKey = "sk_test_support_0000000000000001";
        var app = await ConsumerApp.CreateAsync(sdk, "client-underscored-secret", "Client", AppSettings(settingsKey));

        var build = await app.BuildAsync();

        Assert.False(build.Succeeded, build.ToString());
        Assert.Contains("appsettings.json(3) : error TEL1003: appsettings.json, line 3,", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(settingsKey, build.Output, StringComparison.Ordinal);
        Assert.False(app.BuildOutputContains(settingsKey), "the secret key was written to bin/ or obj/");
    }

    [Fact]
    public async Task Build_ClientModeWithPublishableKey_SucceedsAndSetsTheRuntimeContract()
    {
        var app = await ConsumerApp.CreateAsync(sdk, "client-appsettings-publishable", "Client", AppSettings(PublishableKey));

        var build = await app.BuildAsync();

        Assert.True(build.Succeeded, build.ToString());
        Assert.DoesNotContain("TEL100", build.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(app.OutputDirectory, "appsettings.json")));
        Assert.Equal("switch=True metadata=Client", await app.RunBuiltAppAsync());
    }

    [Fact]
    public async Task Build_ClientModeWithSecretKeyLiteral_FailsWithTel1001EvenWhenSuppressed()
    {
        var app = await ConsumerApp.CreateAsync(sdk, "client-literal", "client",
            extraCode: $"""
                #pragma warning disable TEL1001
                Console.WriteLine("{SecretKey}".Length);
                """,
            extraProperties: "<NoWarn>$(NoWarn);TEL1001</NoWarn>");

        var build = await app.BuildAsync();

        Assert.False(build.Succeeded, build.ToString());
        Assert.Matches(@"Program\.cs\(\d+,\d+\): error TEL1001: A Telephony\.io secret key \(sk_test_…WXYZ\)", build.Output);
        Assert.DoesNotContain(SecretKey, build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ServerModeWithSecretKeys_WarnsTel1002AndSucceeds()
    {
        // No TelephonyClientMode: a server app. Keys in content files are its own business; in source, a warning.
        var app = await ConsumerApp.CreateAsync(sdk, "server", clientMode: null, AppSettings(SecretKey),
            extraCode: $"Console.WriteLine(\"{SecretKey}\".Length);");

        var build = await app.BuildAsync();

        Assert.True(build.Succeeded, build.ToString());
        Assert.Matches(@"Program\.cs\(\d+,\d+\): warning TEL1002: ", build.Output);
        Assert.DoesNotContain("TEL1003", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, build.Output, StringComparison.Ordinal);
        Assert.Equal("switch=False metadata=none", (await app.RunBuiltAppAsync()).Split('\n')[0].Trim());
    }

    [Fact]
    public async Task Evaluate_ClientPlatformsWithoutExplicitMode_DefaultToClient()
    {
        var app = await ConsumerApp.CreateAsync(sdk, "evaluation", clientMode: null);

        // The platform properties as the .NET SDK sets them for these apps; the workloads are not installed here.
        (string[] Properties, string Expected)[] cases =
        [
            ([], ""),
            (["UsingMicrosoftNETSdkBlazorWebAssembly=true"], "Client"),
            (["RuntimeIdentifier=browser-wasm"], "Client"),
            (["TargetPlatformIdentifier=android"], "Client"),
            (["TargetPlatformIdentifier=ios"], "Client"),
            (["TargetPlatformIdentifier=maccatalyst"], "Client"),
            (["TargetPlatformIdentifier=windows"], ""),
            (["TargetPlatformIdentifier=android", "TelephonyClientMode=Server"], "Server"),
        ];
        var modes = await app.GetPropertyForEachAsync("TelephonyClientMode", [.. cases.Select(c => c.Properties)]);
        foreach (var ((properties, expected), mode) in cases.Zip(modes))
        {
            Assert.True(expected == mode, $"[{string.Join(", ", properties)}]: expected '{expected}', got '{mode}'");
        }
    }

    private static string AppSettings(string key) => $$"""
        {
          "Telephony": {
            "ApiKey": "{{key}}"
          }
        }

        """;
}
