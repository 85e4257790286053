using Microsoft.Extensions.Options;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// In a client-mode build only publishable keys pass startup validation; anything else is refused with a message that
/// shows the key redacted, and the server never sees a request. The server accepts every key used here, so a request
/// that got through would succeed: an empty journal means the SDK refused to send.
/// </summary>
public sealed class ClientModeRefusalTests
{
    [Theory]
    [InlineData("sk_test_")]
    [InlineData("sk_live_")]
    public async Task Validate_SecretKeyInClientBuild_ThrowsNamingSecretKeyClientBuildAndPublishableKey(string prefix)
    {
        var key = FakeKeys.New(prefix);
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = key, FakeClientModeDetector.ClientBuild, serverKeys: [key]);

        var exception = Assert.Throws<OptionsValidationException>(host.ValidateAtStartup);

        var failure = Assert.Single(exception.Failures);
        Assert.StartsWith($"TelephonyClientOptions.ApiKey is a secret key ({prefix}…{key[^4..]})", failure, StringComparison.Ordinal);
        Assert.Contains("client-mode build", failure, StringComparison.Ordinal);
        Assert.Contains("Use a publishable key (pk_live_… or pk_test_…)", failure, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(key)));
        await AssertCallRefusedAndNothingSentAsync(host, key);
    }

    [Theory]
    [InlineData("rk_live_")]
    [InlineData("sk_")]
    [InlineData("")]
    public async Task Validate_UnknownShapeKeyInClientBuild_ThrowsNamingUnknownShape(string prefix)
    {
        var key = FakeKeys.New(prefix);
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = key, FakeClientModeDetector.ClientBuild, serverKeys: [key]);

        var exception = Assert.Throws<OptionsValidationException>(host.ValidateAtStartup);

        Assert.Contains($"TelephonyClientOptions.ApiKey is a key of unknown shape (…{key[^4..]})", exception.Message, StringComparison.Ordinal);
        Assert.Contains("publishable key", exception.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(key)));
        await AssertCallRefusedAndNothingSentAsync(host, key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(TelephonyClientMode.Server)]
    [InlineData(TelephonyClientMode.Client)]
    public async Task Validate_SecretKeyInClientBuildWhateverOptionsModeSays_Throws(TelephonyClientMode? mode)
    {
        var key = FakeKeys.New("sk_live_");
        await using var host = await KeyTestHost.StartAsync(
            o =>
            {
                o.ApiKey = key;
                o.Mode = mode;
            },
            FakeClientModeDetector.ClientBuild,
            serverKeys: [key]);

        var exception = Assert.Throws<OptionsValidationException>(host.ValidateAtStartup);

        Assert.Contains("is a secret key", exception.Message, StringComparison.Ordinal);
        await AssertCallRefusedAndNothingSentAsync(host, key);
    }

    [Fact]
    public async Task Validate_SecretKeyOnClientPlatform_Throws()
    {
        var key = FakeKeys.New("sk_test_");
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = key, new FakeClientModeDetector(build: false, platform: true), serverKeys: [key]);

        var exception = Assert.Throws<OptionsValidationException>(host.ValidateAtStartup);

        Assert.Contains("is a secret key", exception.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(key)));
    }

    [Fact]
    public async Task Validate_SecretKeyWithOptionsModeClientOnServerBuild_Throws()
    {
        var key = FakeKeys.New("sk_test_");
        await using var host = await KeyTestHost.StartAsync(
            o =>
            {
                o.ApiKey = key;
                o.Mode = TelephonyClientMode.Client;
            },
            FakeClientModeDetector.Server,
            serverKeys: [key]);

        var exception = Assert.Throws<OptionsValidationException>(host.ValidateAtStartup);

        Assert.Contains("is a secret key", exception.Message, StringComparison.Ordinal);
        await AssertCallRefusedAndNothingSentAsync(host, key);
    }

    [Theory]
    [InlineData("pk_test_", null)]
    [InlineData("pk_live_", null)]
    [InlineData("pk_test_", TelephonyClientMode.Server)]
    [InlineData("pk_live_", TelephonyClientMode.Client)]
    public async Task Validate_PublishableKeyInClientBuild_PassesAndTheCallSucceeds(string prefix, TelephonyClientMode? mode)
    {
        var key = FakeKeys.New(prefix);
        await using var host = await KeyTestHost.StartAsync(
            o =>
            {
                o.ApiKey = key;
                o.Mode = mode;
            },
            FakeClientModeDetector.ClientBuild,
            environmentName: prefix == "pk_live_" ? "Production" : "Development",
            serverKeys: [key]);

        host.ValidateAtStartup();
        var balance = await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(42.5m, balance.Balance);
        var request = Assert.Single(host.Server.Requests);
        Assert.Equal((prefix + "…" + key[^4..], 200), (request.RedactedKey, request.StatusCode));
    }

    [Fact]
    public async Task Validate_SecretSecondaryKeyInClientBuild_ThrowsNamingSecondaryApiKey()
    {
        var primary = FakeKeys.New("pk_test_");
        var secondary = FakeKeys.New("sk_test_");
        await using var host = await KeyTestHost.StartAsync(
            o =>
            {
                o.ApiKey = primary;
                o.SecondaryApiKey = secondary;
            },
            FakeClientModeDetector.ClientBuild,
            serverKeys: [primary, secondary]);

        var exception = Assert.Throws<OptionsValidationException>(host.ValidateAtStartup);

        var failure = Assert.Single(exception.Failures);
        Assert.StartsWith("TelephonyClientOptions.SecondaryApiKey is a secret key (sk_test_…", failure, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(primary, secondary)));
        Assert.Empty(host.Server.Requests);
    }

    private static async Task AssertCallRefusedAndNothingSentAsync(KeyTestHost host, string key)
    {
        // An app that skipped startup validation still cannot send the key: the call fails before the wire.
        var exception = await Record.ExceptionAsync(() => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.NotNull(exception);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(key)));
        Assert.Empty(host.Server.Requests);
        SecretScanner.AssertNone(SecretScanner.FindInLogs(host.Logs, FakeKeys.Secrets(key)));
    }
}
