using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// A key of unknown shape, or a live/test key in the wrong host environment, is warned about once, at its first use;
/// with FailOnKeyEnvironmentMismatch the mismatch fails startup instead.
/// </summary>
public sealed class KeyWarningTests
{
    private const int UnknownKeyShape = 3001;
    private const int KeyEnvironmentMismatch = 3002;

    [Fact]
    public async Task GetBalanceAsync_UnknownShapeKeyOverThreeCalls_LogsEvent3001ExactlyOnce()
    {
        var key = FakeKeys.New("rk_live_");
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = key, serverKeys: [key]);
        host.ValidateAtStartup();

        for (var i = 0; i < 3; i++)
        {
            await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(3, host.Server.Requests.Count(r => r.StatusCode == 200));
        var warning = Assert.Single(host.LogsWithEventId(UnknownKeyShape));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith($"The API key …{key[^4..]} has a shape the SDK does not know", warning.Message, StringComparison.Ordinal);
        Assert.Empty(host.LogsWithEventId(KeyEnvironmentMismatch));
        SecretScanner.AssertNone(SecretScanner.FindInLogs(host.Logs, FakeKeys.Secrets(key)));
    }

    [Theory]
    [InlineData("sk_live_")]
    [InlineData("pk_test_")]
    public async Task GetBalanceAsync_DocumentedShape_LogsNo3001(string prefix)
    {
        var key = FakeKeys.New(prefix);
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = key, serverKeys: [key]);

        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Single(host.Server.Requests);
        Assert.Empty(host.LogsWithEventId(UnknownKeyShape));
    }

    [Theory]
    [InlineData("sk_live_", "Development", "is a live key (sk_live_…", "while the host environment is Development")]
    [InlineData("pk_live_", "development", "is a live key (pk_live_…", "while the host environment is Development")]
    [InlineData("sk_test_", "Production", "is a test key (sk_test_…", "while the host environment is Production")]
    [InlineData("pk_test_", "Production", "is a test key (pk_test_…", "while the host environment is Production")]
    public async Task GetBalanceAsync_KeyForTheOtherEnvironment_LogsEvent3002OnceAndStillSends(
        string prefix, string environment, string expectedKey, string expectedEnvironment)
    {
        var key = FakeKeys.New(prefix);
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = key, environmentName: environment, serverKeys: [key]);
        host.ValidateAtStartup();

        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, host.Server.Requests.Count(r => r.StatusCode == 200));
        var warning = Assert.Single(host.LogsWithEventId(KeyEnvironmentMismatch));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("TelephonyClientOptions.ApiKey " + expectedKey + key[^4..] + ")", warning.Message, StringComparison.Ordinal);
        Assert.Contains(expectedEnvironment, warning.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInLogs(host.Logs, FakeKeys.Secrets(key)));
    }

    [Theory]
    [InlineData("sk_live_", "Development", "is a live key")]
    [InlineData("sk_test_", "Production", "is a test key")]
    public async Task Validate_MismatchWithFailOnKeyEnvironmentMismatch_ThrowsNamingTheSettingAndSendsNothing(
        string prefix, string environment, string expected)
    {
        var key = FakeKeys.New(prefix);
        await using var host = await KeyTestHost.StartAsync(
            o =>
            {
                o.ApiKey = key;
                o.FailOnKeyEnvironmentMismatch = true;
            },
            environmentName: environment,
            serverKeys: [key]);

        var exception = Assert.Throws<OptionsValidationException>(host.ValidateAtStartup);

        var failure = Assert.Single(exception.Failures);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
        Assert.EndsWith("(FailOnKeyEnvironmentMismatch is on.)", failure, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(key)));
        Assert.Empty(host.Server.Requests);
    }

    [Theory]
    [InlineData("sk_live_", "Production")]
    [InlineData("pk_live_", "Production")]
    [InlineData("sk_test_", "Development")]
    [InlineData("pk_test_", "Development")]
    [InlineData("sk_live_", "Staging")]
    [InlineData("sk_test_", "Staging")]
    public async Task GetBalanceAsync_MatchingEnvironment_LogsNoKeyWarningAndPassesStrictValidation(string prefix, string environment)
    {
        var key = FakeKeys.New(prefix);
        await using var host = await KeyTestHost.StartAsync(
            o =>
            {
                o.ApiKey = key;
                o.FailOnKeyEnvironmentMismatch = true;
            },
            environmentName: environment,
            serverKeys: [key]);

        host.ValidateAtStartup();
        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Single(host.Server.Requests, r => r.StatusCode == 200);
        Assert.DoesNotContain(host.Logs, r => r.Category == "Telephony.Sdk.Authentication");
        Assert.DoesNotContain(host.Logs, r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task GetBalanceAsync_LiveKeyInDevelopmentWithSecondary_WarnsForTheSecondaryWhenItIsFirstUsed()
    {
        var primary = FakeKeys.New("sk_test_");
        var secondary = FakeKeys.New("sk_live_");
        await using var host = await KeyTestHost.StartAsync(
            o =>
            {
                o.ApiKey = primary;
                o.SecondaryApiKey = secondary;
            },
            environmentName: "Development",
            serverKeys: [secondary]);

        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        var warning = Assert.Single(host.LogsWithEventId(KeyEnvironmentMismatch));
        Assert.StartsWith("TelephonyClientOptions.SecondaryApiKey is a live key (sk_live_…", warning.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInLogs(host.Logs, FakeKeys.Secrets(primary, secondary)));
    }
}
