using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Telephony.Sdk.Tests.Readme;

/// <summary>
/// Compiles a README or guide block as a file of its own in an app made by <c>dotnet new console</c> or
/// <c>dotnet new web</c> (their implicit usings, nullable on), referencing what this test project references: the SDK,
/// its Testing, Redis and HealthChecks packages, ASP.NET Core (through Testing), the Generic Host, NSubstitute,
/// OpenTelemetry and xunit.
/// </summary>
internal static class SnippetCompiler
{
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    // What Microsoft.NET.Sdk.Web adds to the implicit usings above (Sdk.Server.props of the .NET SDK).
    private const string WebImplicitUsings = """
        global using System.Net.Http.Json;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    private static readonly Lazy<MetadataReference[]> References = new(LoadReferences);

    /// <summary>Gets a value indicating whether <paramref name="code"/> starts with using directives, as a whole file does.</summary>
    public static bool HasUsingDirectives(string code) => CSharpSyntaxTree.ParseText(code).GetCompilationUnitRoot().Usings.Count > 0;

    /// <summary>Returns the compiler errors of <paramref name="code"/> in a <paramref name="project"/>, each with its line in the file.</summary>
    public static IReadOnlyList<string> Errors(string code, SnippetProject project = SnippetProject.Console)
    {
        var implicitUsings = project == SnippetProject.Web ? ImplicitUsings + "\n" + WebImplicitUsings : ImplicitUsings;
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var file = CSharpSyntaxTree.ParseText(code, options, path: "Snippet.cs");
        var hasStatements = file.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(implicitUsings, options, path: "GlobalUsings.g.cs"), file],
            References.Value,
            new CSharpCompilationOptions(hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
                .WithNullableContextOptions(NullableContextOptions.Enable));

        return [.. compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())];
    }

    /// <summary>
    /// Builds <paramref name="code"/> as a console app in <paramref name="directory"/>, to run with <c>dotnet</c> as its own
    /// process: the app, this project's runtime settings, and links to the assemblies of this project's output that the
    /// shared frameworks do not provide. Returns the app's path.
    /// </summary>
    public static string EmitConsoleApp(string code, string directory)
    {
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, options, path: "GlobalUsings.g.cs"), CSharpSyntaxTree.ParseText(code, options, path: "Snippet.cs")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication).WithNullableContextOptions(NullableContextOptions.Enable));
        Directory.CreateDirectory(directory);
        var app = Path.Combine(directory, "Snippet.dll");
        var result = compilation.Emit(app);
        Assert.True(result.Success, string.Join('\n', result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));

        var runtimeConfig = Path.Combine(AppContext.BaseDirectory, typeof(SnippetCompiler).Assembly.GetName().Name + ".runtimeconfig.json");
        File.Copy(runtimeConfig, Path.Combine(directory, "Snippet.runtimeconfig.json"));
        var frameworkAssemblies = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => !path.StartsWith(AppContext.BaseDirectory, StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
        {
            var name = Path.GetFileName(assembly);
            if (!frameworkAssemblies.Contains(name) && IsManaged(assembly))
            {
                File.CreateSymbolicLink(Path.Combine(directory, name), assembly);
            }
        }

        return app;
    }

    private static MetadataReference[] LoadReferences()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");

        // One assembly per name, as the runtime binds it: the trusted list first, then this project's output.
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in trusted.Concat(local))
        {
            if (IsManaged(path))
            {
                byName.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            }
        }

        return [.. byName.Values.Select(path => MetadataReference.CreateFromFile(path))];
    }

    private static bool IsManaged(string path)
    {
        try
        {
            _ = AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
