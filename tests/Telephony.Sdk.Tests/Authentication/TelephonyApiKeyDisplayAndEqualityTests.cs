using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>A key shows only its prefix and last four characters, and compares by value.</summary>
public sealed class TelephonyApiKeyDisplayAndEqualityTests
{
    [Theory]
    [InlineData("pk_live_")]
    [InlineData("pk_test_")]
    [InlineData("sk_live_")]
    [InlineData("sk_test_")]
    public void ToString_KnownPrefix_ShowsPrefixEllipsisAndLastFour(string prefix)
    {
        var value = FakeKeys.New(prefix);

        var key = TelephonyApiKey.Parse(value);

        Assert.Equal(prefix + "…" + value[^4..], key.ToString());
        Assert.Equal(key.ToString(), key.Redacted);
        Assert.DoesNotContain(FakeKeys.SecretPart(value)[..28], key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_UnknownShape_ShowsNoPrefixOnlyEllipsisAndLastFour()
    {
        // An unknown prefix might be part of the secret, so it is not shown.
        var value = FakeKeys.New("rk_live_");

        var key = TelephonyApiKey.Parse(value);

        Assert.Equal("…" + value[^4..], key.ToString());
    }

    [Theory]
    [InlineData("sk_test_abc", "sk_test_…")]
    [InlineData("sk_live_abcdefghijk", "sk_live_…")]
    [InlineData("sk_live_abcdefghijkl", "sk_live_…ijkl")]
    [InlineData("abcdef", "…")]
    [InlineData("sk_abc123", "…")]
    [InlineData("abcdefghijk", "…")]
    [InlineData("abcdefghijkl", "…ijkl")]
    public void Redacted_ShortKey_ShowsNoSuffixBelowTwelveCharactersAfterThePrefix(string value, string expected)
    {
        var key = TelephonyApiKey.Parse(value);

        Assert.Equal(expected, key.Redacted);
        Assert.NotEqual(value, key.ToString());
    }

    [Fact]
    public void ToString_InterpolatedIntoAString_NeverYieldsTheWholeKey()
    {
        var value = FakeKeys.New("sk_live_");
        var key = TelephonyApiKey.Parse(value);

        var text = $"Using {key} and {(object)key}";

        Assert.DoesNotContain(FakeKeys.SecretPart(value), text, StringComparison.Ordinal);
        Assert.Equal($"Using {key.Redacted} and {key.Redacted}", text);
    }

    [Fact]
    public void ToString_DefaultKey_DoesNotThrowAndSaysNone()
    {
        TelephonyApiKey key = default;

        Assert.Equal("(none)", key.ToString());
        Assert.Equal("(none)", key.Redacted);
        Assert.Equal(TelephonyApiKeyKind.Unknown, key.Kind);
        Assert.Equal(TelephonyApiKeyEnvironment.Unknown, key.Environment);
    }

    [Fact]
    public void Equality_SameValueFromDifferentStrings_IsEqualByEveryMeasure()
    {
        var value = FakeKeys.New("sk_test_");
        var left = TelephonyApiKey.Parse(value);
        var right = TelephonyApiKey.Parse(value.AsSpan().ToString());

        Assert.True(left == right);
        Assert.False(left != right);
        Assert.True(left.Equals(right));
        Assert.True(left.Equals((object)right));
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
        Assert.Single(new HashSet<TelephonyApiKey> { left, right });
    }

    [Fact]
    public void Equality_DifferentValues_AreNotEqual()
    {
        var left = TelephonyApiKey.Parse(FakeKeys.New("sk_test_"));
        var right = TelephonyApiKey.Parse(FakeKeys.New("sk_test_"));

        Assert.False(left == right);
        Assert.True(left != right);
        Assert.False(left.Equals(right));
        Assert.False(left.Equals((object)right));
    }

    [Fact]
    public void Equality_ValuesDifferingOnlyInCase_AreNotEqual()
    {
        // Keys are compared ordinally: "…abcd" and "…ABCD" are two different keys.
        var value = "sk_test_" + Guid.NewGuid().ToString("N") + "abcd";

        Assert.NotEqual(TelephonyApiKey.Parse(value), TelephonyApiKey.Parse(value[..^4] + "ABCD"));
    }

    [Fact]
    public void Equals_OtherTypesAndNull_ReturnsFalse()
    {
        var value = FakeKeys.New("pk_live_");
        var key = TelephonyApiKey.Parse(value);

        Assert.False(key.Equals(null));
        Assert.False(key.Equals(value));
        Assert.False(key.Equals((object)key.Redacted));
    }

    [Fact]
    public void Equality_DefaultKeys_AreEqualToEachOtherAndNotToAParsedKey()
    {
        TelephonyApiKey first = default;
        TelephonyApiKey second = default;
        var parsed = TelephonyApiKey.Parse(FakeKeys.New("pk_test_"));

        Assert.True(first == second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.True(first != parsed);
        Assert.False(parsed.Equals(first));
    }
}
