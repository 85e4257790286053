using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Telephony.Sdk.Analyzers;

/// <summary>
/// Reports Telephony.io secret keys written into C# source: an error (TEL1001) in client-mode builds, a warning
/// (TEL1002) otherwise. The mode comes from the <c>TelephonyClientMode</c> MSBuild property.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretKeyAnalyzer : DiagnosticAnalyzer
{
    internal const string ClientModeProperty = "build_property.TelephonyClientMode";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(SecretKeyDiagnostics.SecretKeyInClientApp, SecretKeyDiagnostics.SecretKeyInSource);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        // Generated code ships too: Razor components and source generators can carry a key into the binary.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var descriptor = IsClientMode(context.Options.AnalyzerConfigOptionsProvider.GlobalOptions)
            ? SecretKeyDiagnostics.SecretKeyInClientApp
            : SecretKeyDiagnostics.SecretKeyInSource;

        context.RegisterSyntaxNodeAction(
            c => AnalyzeLiteral(c, descriptor),
            SyntaxKind.StringLiteralExpression,
            SyntaxKind.Utf8StringLiteralExpression,
            SyntaxKind.InterpolatedStringText);
        context.RegisterSyntaxNodeAction(
            c => AnalyzeConstantExpression(c, descriptor),
            SyntaxKind.AddExpression,
            SyntaxKind.InterpolatedStringExpression);
    }

    internal static bool IsClientMode(AnalyzerConfigOptions options) =>
        options.TryGetValue(ClientModeProperty, out var mode)
        && string.Equals(mode.Trim(), "Client", StringComparison.OrdinalIgnoreCase);

    /// <summary>Regular, verbatim, raw and UTF-8 literals, and the text between the holes of an interpolated string.</summary>
    private static void AnalyzeLiteral(SyntaxNodeAnalysisContext context, DiagnosticDescriptor descriptor)
    {
        var token = context.Node switch
        {
            LiteralExpressionSyntax literal => literal.Token,
            InterpolatedStringTextSyntax text => text.TextToken,
            _ => default,
        };

        var redacted = SecretKeyFinder.FindRedacted(token.ValueText);
        if (redacted is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(descriptor, context.Node.GetLocation(), redacted));
        }
    }

    /// <summary>
    /// A key split across constants (<c>const string Key = Prefix + "live_…"</c>) is folded by the compiler into one
    /// string in the binary. Reported where the pieces first form a key, so a constant used in many places is
    /// reported once, at its declaration.
    /// </summary>
    private static void AnalyzeConstantExpression(SyntaxNodeAnalysisContext context, DiagnosticDescriptor descriptor)
    {
        var node = (ExpressionSyntax)context.Node;
        var redacted = SecretKeyFinder.FindRedacted(ConstantString(context, node));
        if (redacted is null)
        {
            return;
        }

        foreach (var part in Parts(node))
        {
            if (SecretKeyFinder.FindRedacted(ConstantString(context, part)) is not null)
            {
                return;
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(descriptor, node.GetLocation(), redacted));
    }

    private static IEnumerable<ExpressionSyntax> Parts(ExpressionSyntax node) => node switch
    {
        BinaryExpressionSyntax binary => [binary.Left, binary.Right],
        InterpolatedStringExpressionSyntax interpolated => interpolated.Contents
            .OfType<InterpolationSyntax>()
            .Select(interpolation => interpolation.Expression),
        _ => [],
    };

    private static string? ConstantString(SyntaxNodeAnalysisContext context, ExpressionSyntax expression)
    {
        var constant = context.SemanticModel.GetConstantValue(expression, context.CancellationToken);
        return constant.HasValue ? constant.Value as string : null;
    }
}
