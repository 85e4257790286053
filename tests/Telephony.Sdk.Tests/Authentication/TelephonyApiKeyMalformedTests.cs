using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// Each way a key gets mangled on its way into configuration fails with a <see cref="FormatException"/> that says what
/// is wrong and where, and never repeats the key.
/// </summary>
public sealed class TelephonyApiKeyMalformedTests
{
    // Every mangled key is "sk_test_" + 32 hex digits (40 characters) with something added (see MangledKeys): inside
    // it, that is at (1-based) position 25.
    [Theory]
    [InlineData("bearer", "starts with \"Bearer \"")]
    [InlineData("bearer-lowercase", "starts with \"Bearer \"")]
    [InlineData("bearer-tab", "starts with \"Bearer \"")]
    [InlineData("double-quotes", "wrapped in quotes")]
    [InlineData("single-quotes", "wrapped in quotes")]
    [InlineData("crlf-header-injection", "line break or control character at position 25")]
    [InlineData("cr", "line break or control character at position 25")]
    [InlineData("trailing-newline", "line break or control character at position 41")]
    [InlineData("nul", "line break or control character at position 25")]
    [InlineData("tab-inside", "control character at position 25")]
    [InlineData("space-inside", "white space at position 25")]
    [InlineData("leading-space", "white space at its start or end")]
    [InlineData("trailing-space", "white space at its start or end")]
    [InlineData("non-breaking-space-inside", "white space at position 25")]
    [InlineData("cyrillic-letter", "non-ASCII character at position 25")]
    [InlineData("zero-width-space", "non-ASCII character at position 25")]
    [InlineData("leading-byte-order-mark", "non-ASCII character at position 1")]
    public void Parse_MangledKey_ThrowsFormatExceptionSayingWhatAndWhereWithoutTheKey(string mangling, string expected)
    {
        var key = FakeKeys.New("sk_test_");
        var input = MangledKeys.Mangle(mangling, key);

        var exception = Assert.Throws<FormatException>(() => TelephonyApiKey.Parse(input));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        AssertKeyAbsent(exception.Message, input, key);
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("double-quotes")]
    [InlineData("crlf-header-injection")]
    [InlineData("space-inside")]
    [InlineData("cyrillic-letter")]
    public void TryParse_MangledKey_ReturnsFalseAndDefaultKey(string mangling)
    {
        var input = MangledKeys.Mangle(mangling, FakeKeys.New("sk_test_"));

        Assert.False(TelephonyApiKey.TryParse(input, out var key));

        Assert.Equal(default, key);
    }

    [Fact]
    public void Parse_BearerPrefix_MessageSaysTheSdkAddsTheScheme()
    {
        var exception = Assert.Throws<FormatException>(() => TelephonyApiKey.Parse("Bearer " + FakeKeys.New("sk_live_")));

        Assert.Contains("the SDK adds the Bearer scheme itself", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LineBreak_MessageSaysItCannotBeSentInAHeader()
    {
        var key = FakeKeys.New("sk_live_");

        var exception = Assert.Throws<FormatException>(() => TelephonyApiKey.Parse(key + "\r\nX-Injected: yes"));

        Assert.Contains("cannot be sent in a header", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Injected", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "The API key is empty.")]
    [InlineData(" ", "The API key is blank")]
    [InlineData("   ", "The API key is blank")]
    [InlineData("\t", "The API key is blank")]
    [InlineData("\r\n", "The API key is blank")]
    [InlineData("\u00A0", "The API key is blank")]
    public void Parse_EmptyOrBlank_ThrowsFormatExceptionSayingSo(string input, string expected)
    {
        var exception = Assert.Throws<FormatException>(() => TelephonyApiKey.Parse(input));

        Assert.StartsWith(expected, exception.Message, StringComparison.Ordinal);
        Assert.False(TelephonyApiKey.TryParse(input, out _));
    }

    [Theory]
    [InlineData("sk_live_")]
    [InlineData("sk_test_")]
    [InlineData("pk_live_")]
    [InlineData("pk_test_")]
    public void Parse_PrefixOnly_ThrowsFormatExceptionSayingNothingFollowsThePrefix(string input)
    {
        var exception = Assert.Throws<FormatException>(() => TelephonyApiKey.Parse(input));

        Assert.Contains("has a prefix but nothing after it", exception.Message, StringComparison.Ordinal);
        Assert.False(TelephonyApiKey.TryParse(input, out _));
    }

    [Fact]
    public void Parse_EveryMalformedInput_MessageSaysHowToFixIt()
    {
        // A precise message also says what to do: copy the key again, trim it, or remove the quotes or the scheme.
        var key = FakeKeys.New("pk_test_");
        string[] inputs = ["", "  ", "pk_test_", " " + key, key + "\n", "'" + key + "'", "Bearer " + key, key[..24] + "é" + key[24..]];

        var messages = inputs.Select(input => Assert.Throws<FormatException>(() => TelephonyApiKey.Parse(input)).Message).ToList();

        Assert.All(messages, message => Assert.Matches("Copy the key again|trim it|remove them|give only the key", message));
    }

    private static void AssertKeyAbsent(string message, string input, string key)
    {
        Assert.All(MangledKeys.Secrets(input, key), secret => Assert.DoesNotContain(secret, message, StringComparison.Ordinal));
    }
}
