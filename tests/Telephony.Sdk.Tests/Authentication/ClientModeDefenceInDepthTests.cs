using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// A key refused in client mode never leaves the process, even when startup validation is skipped or missing: the
/// options layer refuses first and the authentication handler refuses last. Without DI the constructor refuses.
/// </summary>
public sealed class ClientModeDefenceInDepthTests
{
    [Fact]
    public async Task GetBalanceAsync_SecretKeyInClientBuildAndStartupValidationSkipped_ThrowsTelephonyConfigurationExceptionAndSendsNothing()
    {
        // Without IStartupValidator the first call creates the options, and their validator refuses them there.
        var key = FakeKeys.New("sk_live_");
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = key, FakeClientModeDetector.ClientBuild, serverKeys: [key]);
        var client = host.Client;

        var exception = await Assert.ThrowsAsync<TelephonyConfigurationException>(
            () => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Contains("is a secret key (sk_live_…", exception.Message, StringComparison.Ordinal);
        Assert.Empty(host.Server.Requests);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(key)));
    }

    [Theory]
    [InlineData("sk_test_", "a secret key (sk_test_…")]
    [InlineData("rk_test_", "a key of unknown shape (…")]
    public async Task GetBalanceAsync_RefusedKeyAndNoOptionsValidator_HandlerThrowsTelephonyExceptionAndSendsNothing(string prefix, string expected)
    {
        // The handler's own check is the last line: it holds even with every options validator gone.
        var key = FakeKeys.New(prefix);
        await using var host = await KeyTestHost.StartAsync(
            o => o.ApiKey = key,
            FakeClientModeDetector.ClientBuild,
            serverKeys: [key],
            moreServices: services => services.RemoveAll<IValidateOptions<TelephonyClientOptions>>());

        var exception = await Assert.ThrowsAsync<TelephonyException>(
            () => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Contains("TelephonyClientOptions.ApiKey is " + expected, exception.Message, StringComparison.Ordinal);
        Assert.Contains("client-mode build", exception.Message, StringComparison.Ordinal);
        Assert.Empty(host.Server.Requests);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(key)));
        SecretScanner.AssertNone(SecretScanner.FindInLogs(host.Logs, FakeKeys.Secrets(key)));
    }

    [Fact]
    public async Task GetBalanceAsync_SecretSecondaryInClientModeWithNoOptionsValidator_FailsBeforeSendingAnything()
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
            serverKeys: [secondary],
            moreServices: services => services.RemoveAll<IValidateOptions<TelephonyClientOptions>>());

        var exception = await Assert.ThrowsAsync<TelephonyException>(
            () => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        // The secondary key travels with every request (the retry step switches to it after a 401), so it is checked
        // before anything is sent: the misconfiguration fails the call at once.
        Assert.Contains("TelephonyClientOptions.SecondaryApiKey is a secret key", exception.Message, StringComparison.Ordinal);
        Assert.Empty(host.Server.Requests);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(primary, secondary)));
    }

    [Theory]
    [InlineData("sk_test_", "is a secret key (sk_test_…")]
    [InlineData("sk_live_", "is a secret key (sk_live_…")]
    [InlineData("rk_live_", "is a key of unknown shape (…")]
    public async Task Constructor_ClientModeWithKeyOtherThanPublishable_ThrowsArgumentExceptionWithoutTheKey(string prefix, string expected)
    {
        var key = FakeKeys.New(prefix);
        await using var server = await TelephonyFakeServer.StartAsync(o => o.Keys[key] = 1m, TestContext.Current.CancellationToken);
        var options = new TelephonyClientOptions { ApiKey = key, Mode = TelephonyClientMode.Client, BaseAddress = server.BaseAddress };

        var exception = Assert.Throws<ArgumentException>(() => new TelephonyClient(options));

        Assert.Equal("options", exception.ParamName);
        Assert.Contains("TelephonyClientOptions.ApiKey " + expected, exception.Message, StringComparison.Ordinal);
        Assert.Contains("publishable key", exception.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(key)));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Constructor_ClientModeWithPublishableKey_CreatesAClientThatSendsIt()
    {
        var key = FakeKeys.New("pk_test_");
        await using var server = await TelephonyFakeServer.StartAsync(o => o.Keys[key] = 7m, TestContext.Current.CancellationToken);
        using var client = new TelephonyClient(new TelephonyClientOptions { ApiKey = key, Mode = TelephonyClientMode.Client, BaseAddress = server.BaseAddress });

        var balance = await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(7m, balance.Balance);
        Assert.Equal("pk_test_…" + key[^4..], Assert.Single(server.Requests).RedactedKey);
    }
}
