using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis.Testing;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Tests.Shared;

namespace Telephony.Sdk.Analyzers.Tests;

/// <summary>
/// The build side of <see cref="SecretKeyShapeTable"/>: the analyzer (TEL1001/TEL1002) and the content scan of
/// <c>Telephony.Sdk.targets</c> (TEL1003) flag every key the run-time parser calls secret, and nothing in the text
/// without one (tests/Telephony.Sdk.Tests/Keys holds the run-time side to the same table).
/// </summary>
public sealed class SecretKeyShapeTableTests
{
    private static readonly Lazy<string> TargetsPattern = new(ReadTargetsPattern);

    public static TheoryData<string> SecretKeys => [.. SecretKeyShapeTable.SecretKeys];

    public static TheoryData<string, string> TextWithKey => [.. SecretKeyShapeTable.TextWithKey.Select(row => (row.Text, row.Key))];

    public static TheoryData<string> NoKey => [.. SecretKeyShapeTable.NoKey];

    [Theory]
    [MemberData(nameof(SecretKeys))]
    public void FindRedacted_SecretKeyOfTheTable_FindsIt(string key)
    {
        Assert.Equal(SecretKeyShape.Redact(key, SecretKeyShape.PrefixLength), SecretKeyFinder.FindRedacted(key));
    }

    [Theory]
    [MemberData(nameof(TextWithKey))]
    public void FindRedacted_TextWithKey_FindsThatKey(string text, string key)
    {
        Assert.Equal(SecretKeyShape.Redact(key, SecretKeyShape.PrefixLength), SecretKeyFinder.FindRedacted(text));
    }

    [Theory]
    [MemberData(nameof(NoKey))]
    public void FindRedacted_TextWithoutKey_FindsNothing(string text)
    {
        Assert.Null(SecretKeyFinder.FindRedacted(text));
    }

    [Fact]
    public async Task Analyzer_EverySecretKeyOfTheTableAsALiteral_ReportsEachOnce()
    {
        var literals = SecretKeyShapeTable.SecretKeys.Select((key, i) => $"    string K{i} = {{|#{i}:\"{key}\"|}};");
        var source = "class C\n{\n" + string.Join("\n", literals) + "\n}\n";

        await AnalyzerTestHarness.VerifyAsync(
            source,
            clientMode: null,
            SecretKeyShapeTable.SecretKeys.Select((key, i) => AnalyzerTestHarness.ServerWarning(i, SecretKeyShape.Redact(key, SecretKeyShape.PrefixLength))));
    }

    [Fact]
    public async Task Analyzer_TextWithoutKeyAsLiterals_ReportsNothing()
    {
        var literals = SecretKeyShapeTable.NoKey.Select((text, i) => $"    string T{i} = \"{text.Replace("\"", "\\\"", StringComparison.Ordinal)}\";");
        var source = "class C\n{\n" + string.Join("\n", literals) + "\n}\n";

        await AnalyzerTestHarness.VerifyAsync(source, "Client", Array.Empty<DiagnosticResult>());
    }

    [Fact]
    public void TargetsPattern_IsTheSharedDefinition()
    {
        Assert.Equal(SecretKeyShape.TextPattern, TargetsPattern.Value);
    }

    [Theory]
    [MemberData(nameof(TextWithKey))]
    public void TargetsPattern_TextWithKey_MatchesWhereTheKeyIs(string text, string key)
    {
        var match = Regex.Match(text, TargetsPattern.Value);

        Assert.True(match.Success);
        Assert.Equal(text.IndexOf(key, StringComparison.Ordinal), match.Index);
    }

    [Theory]
    [MemberData(nameof(SecretKeys))]
    public void TargetsPattern_SecretKeyOfTheTable_Matches(string key)
    {
        Assert.Matches(TargetsPattern.Value, key);
    }

    [Theory]
    [MemberData(nameof(NoKey))]
    public void TargetsPattern_TextWithoutKey_DoesNotMatch(string text)
    {
        Assert.DoesNotMatch(TargetsPattern.Value, text);
    }

    [Fact]
    public void TargetsPattern_AfterEachPrefixAndBoundary_AgreesWithTheFinderForEveryCharacter()
    {
        foreach (var before in new[] { "", " ", "\"", "=", "a", "_", "1" })
        {
            foreach (var prefix in new[] { SecretKeyShape.LivePrefix, SecretKeyShape.TestPrefix })
            {
                for (var c = char.MinValue; c < char.MaxValue; c++)
                {
                    var text = before + prefix + c;
                    var found = SecretKeyShape.FindInText(text, out _, out _);
                    Assert.True(found == Regex.IsMatch(text, TargetsPattern.Value), $"'{before}{prefix}' + U+{(int)c:X4}: finder says {found}");
                }
            }
        }
    }

    private static string ReadTargetsPattern()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Telephony.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var targets = XDocument.Load(Path.Combine(directory.FullName, "src", "Telephony.Sdk", "buildTransitive", "Telephony.Sdk.targets"));
        return Assert.Single(targets.Descendants(), e => e.Name.LocalName == "_TelephonySecretKeyPattern").Value;
    }
}
