namespace Telephony.Sdk.Analyzers.Tests;

public sealed class SecretKeyFinderTests
{
    [Theory]
    [InlineData("sk_live_abcd1234WXYZ", "sk_live_\u2026WXYZ")]
    [InlineData("sk_test_abcd1234wxyz", "sk_test_\u2026wxyz")]
    [InlineData("Bearer sk_live_abcd1234WXYZ", "sk_live_\u2026WXYZ")]
    [InlineData("key=sk_test_12345678&x=1", "sk_test_\u2026")]
    [InlineData("sk_live_abc123", "sk_live_\u2026")]
    [InlineData("sk_test_support_0000000000000001", "sk_test_\u20260001")]
    [InlineData("\"ApiKey\": \"sk_live_abcd1234WXYZ\"", "sk_live_\u2026WXYZ")]
    [InlineData("-sk_live_abcd1234WXYZ", "sk_live_\u2026WXYZ")]
    [InlineData("task_live_x sk_test_abcd1234WXYZ", "sk_test_\u2026WXYZ")]
    public void FindRedacted_SecretKey_ReturnsPrefixAndLastFourCharactersOfALongKey(string text, string expected)
    {
        Assert.Equal(expected, SecretKeyFinder.FindRedacted(text));
    }

    [Theory]
    [InlineData("pk_live_abcd1234WXYZ")]
    [InlineData("pk_test_abcd1234WXYZ")]
    [InlineData("task_live_abcd1234WXYZ")]
    [InlineData("disk_test_abcd1234WXYZ")]
    [InlineData("desk_test_x")]
    [InlineData("risk_live_abc")]
    [InlineData("my_sk_live_abcd1234WXYZ")]
    [InlineData("sk1_live_abcd1234WXYZ")]
    [InlineData("sk_live_\u2026c123")]
    [InlineData("SK_LIVE_abcd1234WXYZ")]
    [InlineData("sk_prod_abcd1234WXYZ")]
    [InlineData("sk_")]
    [InlineData("")]
    [InlineData(null)]
    public void FindRedacted_NoSecretKey_ReturnsNull(string? text)
    {
        Assert.Null(SecretKeyFinder.FindRedacted(text));
    }

    [Fact]
    public void FindRedacted_SecretKey_NeverContainsTheKey()
    {
        const string key = "sk_live_abcd1234WXYZ";

        var redacted = SecretKeyFinder.FindRedacted($"x {key} y");

        Assert.NotNull(redacted);
        Assert.DoesNotContain("abcd1234", redacted, StringComparison.Ordinal);
    }
}
