using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Configuration;

/// <summary>
/// Without a container, the same settings errors surface from the constructor as <see cref="ArgumentException"/>.
/// The missing-key case depends on TELEPHONY_API_KEY and lives in <see cref="ApiKeyEnvironmentFallbackTests"/>.
/// </summary>
public sealed class ConstructorValidationTests
{
    [Theory]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public void Constructor_BlankApiKeyString_ThrowsArgumentExceptionNamingApiKey(string apiKey)
    {
        // A blank key is not "unset": it does not fall back to TELEPHONY_API_KEY, so this holds whatever that variable is.
        var exception = Assert.Throws<ArgumentException>(() => new TelephonyClient(apiKey));

        Assert.Contains("TelephonyClientOptions.ApiKey", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MalformedApiKeyString_ThrowsArgumentExceptionForTheApiKeyParameter()
    {
        // The caller passed a string: the exception names that parameter, not the options object built from it.
        var key = FakeKeys.NewSecretKey();

        var exception = Assert.Throws<ArgumentException>(() => new TelephonyClient(key + "\n"));

        Assert.Equal("apiKey", exception.ParamName);
        Assert.Contains("TelephonyClientOptions.ApiKey is invalid", exception.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, key, FakeKeys.SecretPart(key)));
    }

    [Fact]
    public void Constructor_BlankApiKeyInOptions_ThrowsArgumentExceptionNamingApiKey()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => new TelephonyClient(new TelephonyClientOptions { ApiKey = "   " }));

        Assert.Contains("TelephonyClientOptions.ApiKey is blank", exception.Message, StringComparison.Ordinal);
        Assert.Equal("options", exception.ParamName);
    }

    [Fact]
    public void Constructor_RelativeBaseAddress_ThrowsArgumentExceptionNamingBaseAddress()
    {
        var key = FakeKeys.NewSecretKey();

        var exception = Assert.Throws<ArgumentException>(() => new TelephonyClient(new TelephonyClientOptions
        {
            ApiKey = key,
            BaseAddress = new Uri("api/", UriKind.Relative),
        }));

        Assert.Contains("TelephonyClientOptions.BaseAddress 'api/' is relative", exception.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, key, FakeKeys.SecretPart(key)));
    }

    [Fact]
    public void Constructor_HttpToNonLoopbackHost_ThrowsArgumentExceptionNamingBaseAddress()
    {
        var key = FakeKeys.NewSecretKey();

        var exception = Assert.Throws<ArgumentException>(() => new TelephonyClient(new TelephonyClientOptions
        {
            ApiKey = key,
            BaseAddress = new Uri("http://example.com/api/"),
        }));

        Assert.Contains("TelephonyClientOptions.BaseAddress uses http:// with host 'example.com'", exception.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, key, FakeKeys.SecretPart(key)));
    }

    [Fact]
    public void Constructor_NullOptions_ThrowsArgumentNullException()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => new TelephonyClient((TelephonyClientOptions)null!));

        Assert.Equal("options", exception.ParamName);
    }

    [Theory]
    [InlineData("http://127.0.0.1/api/")]
    [InlineData("http://localhost/api/")]
    [InlineData("http://[::1]/api/")]
    [InlineData("https://example.com/api/")]
    public void Constructor_HttpsOrLoopbackHttpAddress_Succeeds(string address)
    {
        using var client = new TelephonyClient(new TelephonyClientOptions
        {
            ApiKey = FakeKeys.NewSecretKey(),
            BaseAddress = new Uri(address),
        });

        Assert.NotNull(client.Account);
    }
}
