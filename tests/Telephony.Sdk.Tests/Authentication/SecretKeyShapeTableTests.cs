using Telephony.Sdk.Authentication;
using Telephony.Sdk.Tests.Shared;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// The run-time side of <see cref="SecretKeyShapeTable"/>: what the build-time checks flag is what the parser calls a
/// secret key (tests/Telephony.Sdk.Analyzers.Tests holds the build side to the same table).
/// </summary>
public sealed class SecretKeyShapeTableTests
{
    public static TheoryData<string> SecretKeys => [.. SecretKeyShapeTable.SecretKeys];

    public static TheoryData<string, string> TextWithKey => [.. SecretKeyShapeTable.TextWithKey.Select(row => (row.Text, row.Key))];

    public static TheoryData<string> NoKey => [.. SecretKeyShapeTable.NoKey];

    [Theory]
    [MemberData(nameof(SecretKeys))]
    public void Parse_SecretKeyOfTheTable_IsSecret(string key)
    {
        Assert.Equal(TelephonyApiKeyKind.Secret, TelephonyApiKey.Parse(key).Kind);
        Assert.True(SecretKeyShape.IsSecretKey(key));
    }

    [Theory]
    [MemberData(nameof(TextWithKey))]
    public void Parse_KeyInsideTextOfTheTable_IsSecret(string text, string key)
    {
        Assert.Contains(key, text, StringComparison.Ordinal);
        Assert.Equal(TelephonyApiKeyKind.Secret, TelephonyApiKey.Parse(key).Kind);
    }

    [Theory]
    [MemberData(nameof(NoKey))]
    public void TryParse_TextWithoutKeyAndEachOfItsWords_IsNotSecret(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim(SecretKeyShapeTable.WordBoundaries));

        foreach (var candidate in words.Append(text))
        {
            Assert.False(TelephonyApiKey.TryParse(candidate, out var key) && key.Kind == TelephonyApiKeyKind.Secret, $"'{candidate}' parsed as a secret key");
        }
    }

    [Fact]
    public void TryParse_PrefixAndOneCharacter_IsSecretExactlyForTheSharedKeyCharacters()
    {
        for (var c = char.MinValue; c < char.MaxValue; c++)
        {
            var value = SecretKeyShape.TestPrefix + c;
            var secretAtRunTime = TelephonyApiKey.TryParse(value, out var key) && key.Kind == TelephonyApiKeyKind.Secret;

            Assert.True(secretAtRunTime == SecretKeyShape.IsKeyCharacter(c), $"U+{(int)c:X4}: run time says {secretAtRunTime}");
            Assert.True(secretAtRunTime == SecretKeyShape.IsSecretKey(value), $"U+{(int)c:X4}: IsSecretKey disagrees");
        }
    }
}
