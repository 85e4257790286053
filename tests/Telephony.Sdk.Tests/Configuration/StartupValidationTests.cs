using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Configuration;

/// <summary>
/// Bad settings fail when the host starts (<see cref="IStartupValidator"/>, what the Generic Host runs for
/// <c>ValidateOnStart</c>), with a message that names the setting and never contains the key.
/// The missing-key case depends on TELEPHONY_API_KEY and lives in <see cref="ApiKeyEnvironmentFallbackTests"/>.
/// </summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("   ")]
    [InlineData("\t")]
    public void Validate_BlankApiKey_ThrowsOptionsValidationExceptionNamingApiKey(string blankKey)
    {
        var exception = Assert.Throws<OptionsValidationException>(
            () => ValidateAtStartup(options => options.ApiKey = blankKey));

        Assert.Contains("TelephonyClientOptions.ApiKey", exception.Message, StringComparison.Ordinal);
        Assert.Contains("blank", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RelativeBaseAddress_ThrowsOptionsValidationExceptionNamingBaseAddress()
    {
        var key = FakeKeys.NewSecretKey();

        var exception = Assert.Throws<OptionsValidationException>(() => ValidateAtStartup(options =>
        {
            options.ApiKey = key;
            options.BaseAddress = new Uri("api/", UriKind.Relative);
        }));

        Assert.Contains("TelephonyClientOptions.BaseAddress", exception.Message, StringComparison.Ordinal);
        Assert.Contains("relative", exception.Message, StringComparison.Ordinal);
        AssertNoKey(exception, key);
    }

    [Theory]
    [InlineData("http://example.com/api/", "example.com")]
    [InlineData("http://www.telephony.io/api/", "www.telephony.io")]
    [InlineData("http://localhost.example.com/api/", "localhost.example.com")]
    [InlineData("http://10.0.0.1/api/", "10.0.0.1")]
    public void Validate_HttpToNonLoopbackHost_ThrowsOptionsValidationExceptionNamingBaseAddressAndHost(string address, string host)
    {
        var key = FakeKeys.NewSecretKey();

        var exception = Assert.Throws<OptionsValidationException>(() => ValidateAtStartup(options =>
        {
            options.ApiKey = key;
            options.BaseAddress = new Uri(address);
        }));

        Assert.Contains("TelephonyClientOptions.BaseAddress", exception.Message, StringComparison.Ordinal);
        Assert.Contains("http://", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"'{host}'", exception.Message, StringComparison.Ordinal);
        AssertNoKey(exception, key);
    }

    [Fact]
    public void Validate_NullBaseAddress_ThrowsOptionsValidationExceptionNamingBaseAddress()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => ValidateAtStartup(options =>
        {
            options.ApiKey = FakeKeys.NewSecretKey();
            options.BaseAddress = null;
        }));

        Assert.Contains("TelephonyClientOptions.BaseAddress is not set", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1/api/")]
    [InlineData("http://127.0.0.1:5000/api/")]
    [InlineData("http://localhost/api/")]
    [InlineData("http://localhost:8080/api")]
    [InlineData("http://[::1]/api/")]
    [InlineData("http://[::1]:8080/api/")]
    [InlineData("https://www.telephony.io/api/")]
    [InlineData("https://example.com/api/")]
    [InlineData("https://10.0.0.1:8443/")]
    public void Validate_HttpsOrLoopbackHttpAddress_Succeeds(string address)
    {
        var exception = Record.Exception(() => ValidateAtStartup(options =>
        {
            options.ApiKey = FakeKeys.NewSecretKey();
            options.BaseAddress = new Uri(address);
        }));

        Assert.Null(exception);
    }

    [Fact]
    public void Validate_KeyOverHttpToNonLoopback_MessageListsOnlyTheAddressFailure()
    {
        var key = FakeKeys.NewSecretKey();

        var exception = Assert.Throws<OptionsValidationException>(() => ValidateAtStartup(options =>
        {
            options.ApiKey = key;
            options.BaseAddress = new Uri("http://example.com/api/");
        }));

        var failure = Assert.Single(exception.Failures);
        Assert.StartsWith("TelephonyClientOptions.BaseAddress", failure, StringComparison.Ordinal);
        AssertNoKey(exception, key);
    }

    private static void ValidateAtStartup(Action<TelephonyClientOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddTelephonyClient(configure);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    private static void AssertNoKey(Exception exception, string key) =>
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, key, FakeKeys.SecretPart(key)));
}
