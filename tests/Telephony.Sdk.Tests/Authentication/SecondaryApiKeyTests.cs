using Microsoft.Extensions.Logging;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// During a rotation the old key may already be revoked: after a 401 the configured secondary key is tried once, with a
/// warning that names the rejected key redacted. Without a secondary, the 401 is the caller's.
/// </summary>
public sealed class SecondaryApiKeyTests
{
    private const int PrimaryKeyRejected = 3003;
    private const int SecondaryKeySameAsPrimary = 3004;

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task GetBalanceAsync_PrimaryUnknownToServer_SucceedsWithSecondaryAfterExactlyOne401(int maxRetryAttempts)
    {
        var primary = FakeKeys.New("sk_test_");
        var secondary = FakeKeys.NewDistinctFrom("sk_test_", primary);
        await using var host = await StartAsync(primary, secondary, serverKeys: [secondary], maxRetryAttempts);

        var balance = await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(42.5m, balance.Balance);
        Assert.Equal(
            [(Redacted(primary), (int?)401), (Redacted(secondary), 200)],
            host.Server.Requests.Select(r => (r.RedactedKey, r.StatusCode)));
    }

    [Fact]
    public async Task GetBalanceAsync_PrimaryRevokedMidway_NextCallFallsBackToSecondary()
    {
        var primary = FakeKeys.New("sk_live_");
        var secondary = FakeKeys.NewDistinctFrom("sk_live_", primary);
        await using var host = await StartAsync(primary, secondary, serverKeys: [primary, secondary]);

        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        Assert.True(host.Server.RevokeKey(primary));
        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            [(Redacted(primary), (int?)200), (Redacted(primary), 401), (Redacted(secondary), 200)],
            host.Server.Requests.Select(r => (r.RedactedKey, r.StatusCode)));
        Assert.Single(host.LogsWithEventId(PrimaryKeyRejected));
    }

    [Fact]
    public async Task GetBalanceAsync_PrimaryRejected_LogsOneWarningNamingBothKeysRedactedAndNeverWhole()
    {
        var primary = FakeKeys.New("sk_test_");
        var secondary = FakeKeys.NewDistinctFrom("sk_test_", primary);
        await using var host = await StartAsync(primary, secondary, serverKeys: [secondary]);

        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        var warning = Assert.Single(host.LogsWithEventId(PrimaryKeyRejected));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("Telephony.Sdk.Authentication", warning.Category);
        Assert.Equal(
            $"The API rejected the primary key {Redacted(primary)} (401); retrying once with the secondary key {Redacted(secondary)} (client (default))",
            warning.Message);
        Assert.Contains(host.Logs, r => r.Category == "Telephony.Sdk.Http");
        SecretScanner.AssertNone(SecretScanner.FindInLogs(host.Logs, FakeKeys.Secrets(primary, secondary)));
    }

    [Fact]
    public async Task GetBalanceAsync_PrimaryRejectedAndNoSecondary_ThrowsAuthenticationExceptionAfterOneRequest()
    {
        var primary = FakeKeys.New("sk_test_");
        await using var host = await StartAsync(primary, secondary: null, serverKeys: []);

        var exception = await Assert.ThrowsAsync<TelephonyAuthenticationException>(
            () => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, exception.StatusCode);
        var request = Assert.Single(host.Server.Requests);
        Assert.Equal((Redacted(primary), (int?)401), (request.RedactedKey, request.StatusCode));
        Assert.Empty(host.LogsWithEventId(PrimaryKeyRejected));
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(primary)));
        SecretScanner.AssertNone(SecretScanner.FindInLogs(host.Logs, FakeKeys.Secrets(primary)));
    }

    [Fact]
    public async Task GetBalanceAsync_BothKeysRejected_ThrowsAuthenticationExceptionAfterExactlyTwoRequests()
    {
        var primary = FakeKeys.New("sk_test_");
        var secondary = FakeKeys.NewDistinctFrom("sk_test_", primary);
        await using var host = await StartAsync(primary, secondary, serverKeys: []);

        var exception = await Assert.ThrowsAsync<TelephonyAuthenticationException>(
            () => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Equal(
            [(Redacted(primary), (int?)401), (Redacted(secondary), 401)],
            host.Server.Requests.Select(r => (r.RedactedKey, r.StatusCode)));
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(primary, secondary)));
        SecretScanner.AssertNone(SecretScanner.FindInLogs(host.Logs, FakeKeys.Secrets(primary, secondary)));
    }

    [Fact]
    public async Task GetBalanceAsync_PrimaryAccepted_NeverSendsTheSecondary()
    {
        var primary = FakeKeys.New("sk_test_");
        var secondary = FakeKeys.NewDistinctFrom("sk_test_", primary);
        await using var host = await StartAsync(primary, secondary, serverKeys: [primary, secondary]);

        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.All(host.Server.Requests, r => Assert.Equal((Redacted(primary), (int?)200), (r.RedactedKey, r.StatusCode)));
        Assert.Equal(2, host.Server.Requests.Count);
        Assert.Empty(host.LogsWithEventId(PrimaryKeyRejected));
    }

    [Fact]
    public async Task GetBalanceAsync_SecondaryEqualToPrimary_IsNotRetried()
    {
        var primary = FakeKeys.New("sk_test_");
        await using var host = await StartAsync(primary, secondary: new string(primary.AsSpan()), serverKeys: []);

        await Assert.ThrowsAsync<TelephonyAuthenticationException>(
            () => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Single(host.Server.Requests);
        Assert.Empty(host.LogsWithEventId(PrimaryKeyRejected));
    }

    [Fact]
    public async Task GetBalanceAsync_SecondaryEqualToPrimary_WarnsOnceThatItIsNeverTried()
    {
        var primary = FakeKeys.New("sk_test_");
        await using var host = await StartAsync(primary, secondary: new string(primary.AsSpan()), serverKeys: [primary]);

        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        var warning = Assert.Single(host.LogsWithEventId(SecondaryKeySameAsPrimary));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("SecondaryApiKey is the same key as ApiKey", warning.Message, StringComparison.Ordinal);
        Assert.Contains(Redacted(primary), warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(primary, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBalanceAsync_SecondaryDifferentFromPrimary_NoSameKeyWarning()
    {
        var primary = FakeKeys.New("sk_test_");
        await using var host = await StartAsync(primary, secondary: FakeKeys.New("sk_test_"), serverKeys: [primary]);

        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Empty(host.LogsWithEventId(SecondaryKeySameAsPrimary));
    }

    private static string Redacted(string key) => TelephonyApiKey.Parse(key).Redacted;

    private static async Task<KeyTestHost> StartAsync(string primary, string? secondary, string[] serverKeys, int maxRetryAttempts = 0)
    {
        var host = await KeyTestHost.StartAsync(
            o =>
            {
                o.ApiKey = primary;
                o.SecondaryApiKey = secondary;
                o.Resilience.MaxRetryAttempts = maxRetryAttempts;
            },
            environmentName: "Staging",
            serverKeys: serverKeys);
        host.ValidateAtStartup();
        return host;
    }
}
