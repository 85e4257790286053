using System.Security;
using System.Text.RegularExpressions;

namespace Telephony.Sdk.Package.Tests;

/// <summary>A console app in a temporary folder that references the packed Telephony.Sdk as a NuGet package.</summary>
internal sealed class ConsumerApp
{
    /// <summary>Prints what the SDK reads at run time in client mode: the AppContext switch and the assembly metadata.</summary>
    private const string ReportClientMode = """
        using System.Reflection;

        var clientMode = AppContext.TryGetSwitch("Telephony.Sdk.ClientMode", out var on) && on;
        var metadata = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "TelephonyClientMode")?.Value ?? "none";
        Console.WriteLine($"switch={clientMode} metadata={metadata}");

        """;

    /// <summary>The Blazor WebAssembly packages the repository's sample uses (Directory.Packages.props).</summary>
    private const string BlazorVersion = "10.0.15";

    private readonly PackedSdkFixture _sdk;

    private ConsumerApp(PackedSdkFixture sdk, string directory)
    {
        _sdk = sdk;
        Directory = directory;
    }

    public string Directory { get; }

    public string OutputDirectory => Path.Combine(Directory, "bin");

    /// <summary>
    /// Creates the app. <paramref name="clientMode"/> is written as <c>TelephonyClientMode</c> (left out when null);
    /// <paramref name="extraCode"/> is appended to Program.cs; appsettings.json is copied to the output when given;
    /// <paramref name="extraProperties"/> is MSBuild XML added to the project's properties.
    /// </summary>
    public static async Task<ConsumerApp> CreateAsync(
        PackedSdkFixture sdk,
        string name,
        string? clientMode,
        string? appSettings = null,
        string extraCode = "",
        string extraProperties = "",
        string targetFramework = "net10.0")
    {
        var directory = Path.Combine(sdk.Root, name);
        System.IO.Directory.CreateDirectory(directory);
        var app = new ConsumerApp(sdk, directory);

        var mode = clientMode is null ? "" : $"<TelephonyClientMode>{SecurityElement.Escape(clientMode)}</TelephonyClientMode>";
        await app.WriteAsync("Consumer.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{targetFramework}</TargetFramework>
                <LangVersion>latest</LangVersion>
                <ImplicitUsings>enable</ImplicitUsings>
                <OutputPath>bin/</OutputPath>
                <AppendTargetFrameworkToOutputPath>false</AppendTargetFrameworkToOutputPath>
                {mode}
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Telephony.Sdk" Version="{sdk.Version}" />
                <None Update="appsettings.json" CopyToOutputDirectory="PreserveNewest" />
              </ItemGroup>
            </Project>
            """);
        await app.WriteNuGetConfigAsync();
        await app.WriteAsync("Program.cs", ReportClientMode + extraCode + Environment.NewLine);
        if (appSettings is not null)
        {
            await app.WriteAsync("appsettings.json", appSettings);
        }

        return app;
    }

    /// <summary>
    /// Creates a class library for <paramref name="targetFramework"/> that references the package, with warnings as
    /// errors unless <paramref name="warningsAsErrors"/> is false, and one source file, <c>Library.cs</c>.
    /// </summary>
    public static async Task<ConsumerApp> CreateLibraryAsync(
        PackedSdkFixture sdk, string name, string targetFramework, string code, bool warningsAsErrors = true)
    {
        var directory = Path.Combine(sdk.Root, name);
        System.IO.Directory.CreateDirectory(directory);
        var app = new ConsumerApp(sdk, directory);
        await app.WriteAsync("Consumer.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>{targetFramework}</TargetFramework>
                <LangVersion>latest</LangVersion>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>{(warningsAsErrors ? "true" : "false")}</TreatWarningsAsErrors>
                <OutputPath>bin/</OutputPath>
                <AppendTargetFrameworkToOutputPath>false</AppendTargetFrameworkToOutputPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Telephony.Sdk" Version="{sdk.Version}" />
              </ItemGroup>
            </Project>
            """);
        await app.WriteNuGetConfigAsync();
        await app.WriteAsync("Library.cs", code);
        return app;
    }

    /// <summary>
    /// Creates a Blazor WebAssembly app that registers the SDK from configuration, as
    /// samples/Telephony.Samples.Blazor does, with <paramref name="appSettings"/> as its <c>wwwroot/appsettings.json</c>.
    /// It sets no <c>TelephonyClientMode</c>: the package decides that a browser app is a client app.
    /// </summary>
    public static async Task<ConsumerApp> CreateBlazorAsync(PackedSdkFixture sdk, string name, string appSettings)
    {
        var directory = Path.Combine(sdk.Root, name);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "wwwroot"));
        var app = new ConsumerApp(sdk, directory);
        await app.WriteAsync("Consumer.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk.BlazorWebAssembly">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <OutputPath>bin/</OutputPath>
                <AppendTargetFrameworkToOutputPath>false</AppendTargetFrameworkToOutputPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.AspNetCore.Components.WebAssembly" Version="{BlazorVersion}" />
                <PackageReference Include="Telephony.Sdk" Version="{sdk.Version}" />
              </ItemGroup>
            </Project>
            """);
        await app.WriteNuGetConfigAsync();
        await app.WriteAsync("Program.cs", """
            using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

            var builder = WebAssemblyHostBuilder.CreateDefault(args);
            builder.Services.AddTelephonyClient(builder.Configuration.GetSection("Telephony"));
            await builder.Build().RunAsync();

            """);
        await app.WriteAsync("wwwroot/index.html", """
            <!DOCTYPE html>
            <html><head><base href="/" /></head><body><script src="_framework/blazor.webassembly.js"></script></body></html>

            """);
        await app.WriteAsync("wwwroot/appsettings.json", appSettings);
        return app;
    }

    public Task<CliResult> BuildAsync() => RunCliAsync("build", "-nologo", "-v:minimal", "-nodeReuse:false");

    public Task<CliResult> PublishAsync(string outputDirectory) =>
        RunCliAsync("publish", "-c", "Release", "-o", outputDirectory, "-nologo", "-v:minimal", "-nodeReuse:false");

    /// <summary>Evaluates the project (after a restore) with extra global properties and returns one property.</summary>
    public async Task<string> GetPropertyAsync(string property, params string[] globalProperties)
    {
        var result = await RunCliAsync(["msbuild", "-getProperty:" + property, .. globalProperties.Select(p => "-p:" + p)]);
        Assert.True(result.Succeeded, result.ToString());
        return result.Output.Trim();
    }

    /// <summary>
    /// Restores the project, then evaluates it once for each set of extra global properties, and returns
    /// <paramref name="property"/> as each evaluation left it, in order. One MSBuild process does all of it (a
    /// <c>Directory.Build.targets</c> beside the project asks MSBuild for the project once per set, which evaluates it
    /// with those global properties as <c>-p:</c> would): a process for each evaluation took seconds each.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetPropertyForEachAsync(string property, IReadOnlyList<string[]> globalPropertySets)
    {
        var cases = globalPropertySets.Select((properties, i) =>
            $"""      <_TelephonyProbe Include="$(MSBuildProjectFullPath)" AdditionalProperties="{SecurityElement.Escape(string.Join(';', ["TelephonyProbeCase=" + i, .. properties]))}" />""");
        await WriteAsync("Directory.Build.targets", $"""
            <Project>
              <Target Name="TelephonyProbe">
                <ItemGroup>
            {string.Join(Environment.NewLine, cases)}
                </ItemGroup>
                <MSBuild Projects="@(_TelephonyProbe)" Targets="TelephonyProbeCase" />
              </Target>
              <Target Name="TelephonyProbeCase">
                <Message Importance="high" Text="probe $(TelephonyProbeCase): [$({property})]" />
              </Target>
            </Project>
            """);

        var result = await RunCliAsync("msbuild", "-restore", "-t:TelephonyProbe", "-nologo", "-v:minimal");
        Assert.True(result.Succeeded, result.ToString());
        return [.. globalPropertySets.Select((_, i) =>
        {
            var match = Regex.Match(result.Output, $@"probe {i}: \[(.*)\]");
            Assert.True(match.Success, $"No value for case {i}: {result}");
            return match.Groups[1].Value;
        })];
    }

    /// <summary>Runs the built app and returns what it printed.</summary>
    public async Task<string> RunBuiltAppAsync()
    {
        var result = await DotNetCli.RunAsync(Directory, [Path.Combine(OutputDirectory, "Consumer.dll")]);
        Assert.True(result.Succeeded, result.ToString());
        return result.Output.Trim();
    }

    /// <summary>Whether any file the build wrote (bin/ and obj/) contains <paramref name="text"/>.</summary>
    public bool BuildOutputContains(string text) =>
        new[] { OutputDirectory, Path.Combine(Directory, "obj") }
            .Where(System.IO.Directory.Exists)
            .SelectMany(d => System.IO.Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Any(file => File.ReadAllText(file).Contains(text, StringComparison.Ordinal));

    private Task<CliResult> RunCliAsync(params string[] arguments) =>
        DotNetCli.RunAsync(Directory, arguments, new Dictionary<string, string>
        {
            // A package cache of its own: the package under test is extracted fresh (NUGET_PACKAGES wins over nuget.config).
            ["NUGET_PACKAGES"] = _sdk.PackageCache,
        });

    private Task WriteNuGetConfigAsync() =>
        WriteAsync("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <fallbackPackageFolders>
                <clear />
                <add key="machine" value="{SecurityElement.Escape(PackedSdkFixture.MachinePackageCache)}" />
              </fallbackPackageFolders>
              <packageSources>
                <clear />
                <add key="telephony-sdk-under-test" value="{SecurityElement.Escape(_sdk.Feed)}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);

    private Task WriteAsync(string relativePath, string content) =>
        File.WriteAllTextAsync(Path.Combine(Directory, relativePath), content, TestContext.Current.CancellationToken);
}
