using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>Well-formed keys are parsed and classified from their prefix; shapes the SDK does not know are accepted as unknown.</summary>
public sealed class TelephonyApiKeyParseTests
{
    [Theory]
    [InlineData("pk_live_", TelephonyApiKeyKind.Publishable, TelephonyApiKeyEnvironment.Live)]
    [InlineData("pk_test_", TelephonyApiKeyKind.Publishable, TelephonyApiKeyEnvironment.Test)]
    [InlineData("sk_live_", TelephonyApiKeyKind.Secret, TelephonyApiKeyEnvironment.Live)]
    [InlineData("sk_test_", TelephonyApiKeyKind.Secret, TelephonyApiKeyEnvironment.Test)]
    public void Parse_DocumentedPrefix_ClassifiesKindAndEnvironment(string prefix, TelephonyApiKeyKind kind, TelephonyApiKeyEnvironment environment)
    {
        var value = FakeKeys.New(prefix);

        var key = TelephonyApiKey.Parse(value);

        Assert.Equal(kind, key.Kind);
        Assert.Equal(environment, key.Environment);
    }

    [Theory]
    [InlineData("pk_live_", TelephonyApiKeyKind.Publishable, TelephonyApiKeyEnvironment.Live)]
    [InlineData("pk_test_", TelephonyApiKeyKind.Publishable, TelephonyApiKeyEnvironment.Test)]
    [InlineData("sk_live_", TelephonyApiKeyKind.Secret, TelephonyApiKeyEnvironment.Live)]
    [InlineData("sk_test_", TelephonyApiKeyKind.Secret, TelephonyApiKeyEnvironment.Test)]
    public void TryParse_DocumentedPrefix_ReturnsTrueAndTheSameKeyAsParse(string prefix, TelephonyApiKeyKind kind, TelephonyApiKeyEnvironment environment)
    {
        var value = FakeKeys.New(prefix);

        Assert.True(TelephonyApiKey.TryParse(value, out var key));

        Assert.Equal(kind, key.Kind);
        Assert.Equal(environment, key.Environment);
        Assert.Equal(TelephonyApiKey.Parse(value), key);
    }

    [Theory]
    [InlineData("rk_live_")]
    [InlineData("sk_")]
    [InlineData("pk_")]
    [InlineData("sk_prod_")]
    [InlineData("SK_TEST_")]
    [InlineData("")]
    public void Parse_UnknownPrefixFollowedByKeyMaterial_IsAcceptedAsUnknown(string prefix)
    {
        var value = FakeKeys.New(prefix);

        var key = TelephonyApiKey.Parse(value);

        Assert.Equal(TelephonyApiKeyKind.Unknown, key.Kind);
        Assert.Equal(TelephonyApiKeyEnvironment.Unknown, key.Environment);
    }

    [Theory]
    [InlineData("sk_abc123")]
    [InlineData("abcdef")]
    [InlineData("sk_live")]
    [InlineData("x")]
    public void TryParse_ShortUnknownShape_ReturnsTrueWithKindUnknown(string value)
    {
        Assert.True(TelephonyApiKey.TryParse(value, out var key));

        Assert.Equal(TelephonyApiKeyKind.Unknown, key.Kind);
        Assert.Equal(TelephonyApiKeyEnvironment.Unknown, key.Environment);
    }

    [Theory]
    [InlineData("sk_live_x", TelephonyApiKeyKind.Secret, TelephonyApiKeyEnvironment.Live)]
    [InlineData("pk_test_1", TelephonyApiKeyKind.Publishable, TelephonyApiKeyEnvironment.Test)]
    public void Parse_OneCharacterAfterPrefix_IsAKnownShape(string value, TelephonyApiKeyKind kind, TelephonyApiKeyEnvironment environment)
    {
        var key = TelephonyApiKey.Parse(value);

        Assert.Equal(kind, key.Kind);
        Assert.Equal(environment, key.Environment);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalseAndDefaultKey()
    {
        Assert.False(TelephonyApiKey.TryParse(null, out var key));

        Assert.Equal(default, key);
        Assert.Equal(TelephonyApiKeyKind.Unknown, key.Kind);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullExceptionNamingValue()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => TelephonyApiKey.Parse(null!));

        Assert.Equal("value", exception.ParamName);
    }
}
