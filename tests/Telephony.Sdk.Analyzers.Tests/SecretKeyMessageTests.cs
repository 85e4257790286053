using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Telephony.Sdk.Analyzers.Tests;

/// <summary>Compiles with the analyzer and reads the formatted messages, exactly what a build log shows.</summary>
public sealed class SecretKeyMessageTests
{
    private const string Key = "sk_live_abcd1234WXYZ";

    [Theory]
    [InlineData("Client", "TEL1001", DiagnosticSeverity.Error)]
    [InlineData(null, "TEL1002", DiagnosticSeverity.Warning)]
    public async Task Message_SecretKey_ShowsRedactedKeyOnly(string? clientMode, string id, DiagnosticSeverity severity)
    {
        var diagnostics = await AnalyzeAsync($$"""
            class C
            {
                const string Prefix = "sk_";
                string A = "{{Key}}";
                string B = $"Bearer {{Key}}{0}";
                const string C2 = Prefix + "{{Key[3..]}}";
            }
            """, clientMode);

        Assert.Equal(3, diagnostics.Length);
        Assert.All(diagnostics, d =>
        {
            Assert.Equal(id, d.Id);
            Assert.Equal(severity, d.Severity);
            var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.DoesNotContain(Key, message, StringComparison.Ordinal);
            Assert.DoesNotContain("abcd1234", message, StringComparison.Ordinal);
            Assert.Contains("sk_live_\u2026WXYZ", message, StringComparison.Ordinal);
        });
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, string? clientMode)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var references = await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, cancellationToken);
        var compilation = CSharpCompilation.Create(
            "Consumer",
            [CSharpSyntaxTree.ParseText(source, cancellationToken: cancellationToken)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var globalOptions = clientMode is null
            ? []
            : new Dictionary<string, string> { [SecretKeyAnalyzer.ClientModeProperty] = clientMode };
        var options = new AnalyzerOptions([], new GlobalOptionsProvider(globalOptions));

        return await compilation
            .WithAnalyzers([new SecretKeyAnalyzer()], options)
            .GetAnalyzerDiagnosticsAsync(cancellationToken);
    }

    private sealed class GlobalOptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options([]);
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }
}
