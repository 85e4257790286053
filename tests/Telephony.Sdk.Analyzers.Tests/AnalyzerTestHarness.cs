using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Telephony.Sdk.Analyzers.Tests;

/// <summary>Runs <see cref="SecretKeyAnalyzer"/> the way the compiler does in a consumer's build.</summary>
internal static class AnalyzerTestHarness
{
    /// <summary>
    /// Verifies that <paramref name="source"/> produces exactly <paramref name="expected"/>, with the
    /// <c>TelephonyClientMode</c> build property set to <paramref name="clientMode"/> (unset when null).
    /// </summary>
    public static Task VerifyAsync(
        string source,
        string? clientMode,
        IEnumerable<DiagnosticResult> expected,
        string? editorConfig = null)
    {
        var test = new CSharpAnalyzerTest<SecretKeyAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            // Resolved from the package cache (PackageDownload in the project file): no network at test time.
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };

        if (clientMode is not null)
        {
            // What the SDK's CompilerVisibleProperty passes to the compiler.
            test.TestState.AnalyzerConfigFiles.Add(
                ("/.globalconfig", $"is_global = true\nbuild_property.TelephonyClientMode = {clientMode}\n"));
        }

        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }

    public static DiagnosticResult ClientError(int location, string redactedKey) =>
        new DiagnosticResult(SecretKeyDiagnostics.SecretKeyInClientApp).WithLocation(location).WithArguments(redactedKey);

    public static DiagnosticResult ServerWarning(int location, string redactedKey) =>
        new DiagnosticResult(SecretKeyDiagnostics.SecretKeyInSource).WithLocation(location).WithArguments(redactedKey);
}
