using System.Net.Http.Headers;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Tests.Authentication;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.RequestOptions;

/// <summary>
/// A key given for one call (<see cref="TelephonyRequestOptions.ApiKey"/>) is treated exactly like a configured one: sent
/// instead of the client's, checked by the same rules before anything leaves, and never shown whole. The fake server
/// accepts every key a test means to be valid, so an empty journal means the SDK refused to send.
/// </summary>
public sealed class PerCallKeyTests
{
    [Fact]
    public async Task GetBalanceAsync_PerCallKey_SendsThatKeyAndReturnsItsAccountsBalance()
    {
        var configured = FakeKeys.NewSecretKey();
        var customer = FakeKeys.NewSecretKey();
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = configured, serverKeys: [configured, customer]);
        host.Server.SetBalance(customer, 7.25m);

        var balance = await host.Client.Account.GetBalanceAsync(new TelephonyRequestOptions { ApiKey = customer }, TestContext.Current.CancellationToken);
        var configuredBalance = await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(7.25m, balance.Balance);
        Assert.Equal(42.5m, configuredBalance.Balance);
        Assert.Equal([ApiKeyRedaction.Redact(customer), ApiKeyRedaction.Redact(configured)], host.Server.Requests.Select(r => r.RedactedKey));
    }

    [Fact]
    public async Task GetBalanceAsync_PerCallKeyTheServerDoesNotKnow_ThrowsAuthenticationExceptionNamingTheCallsKey()
    {
        var configured = FakeKeys.NewSecretKey();
        var unknown = FakeKeys.NewSecretKey();
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = configured, serverKeys: [configured]);

        var exception = await Assert.ThrowsAsync<TelephonyAuthenticationException>(
            () => host.Client.Account.GetBalanceAsync(new TelephonyRequestOptions { ApiKey = unknown }, TestContext.Current.CancellationToken));

        Assert.Equal(401, (int)exception.StatusCode);
        Assert.Contains($"key {ApiKeyRedaction.Redact(unknown)} given for this call (TelephonyRequestOptions.ApiKey)", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TelephonyClientOptions.ApiKey", exception.Message, StringComparison.Ordinal);
        Assert.Single(host.Server.Requests);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(unknown, configured)));
        SecretScanner.AssertNone(SecretScanner.FindInLogs(host.Logs, FakeKeys.Secrets(unknown, configured)));
    }

    [Fact]
    public async Task GetBalanceAsync_MalformedPerCallKey_RefusedBeforeSendingWithTheConfiguredKeysMessage()
    {
        var configured = FakeKeys.NewSecretKey();
        var malformed = "sk_test_" + new string('x', 12) + " " + new string('y', 12);
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = configured, serverKeys: [configured]);

        var exception = await Assert.ThrowsAsync<TelephonyException>(
            () => host.Client.Account.GetBalanceAsync(new TelephonyRequestOptions { ApiKey = malformed }, TestContext.Current.CancellationToken));
        var configuredMessage = TelephonyApiKey.TryParse(malformed, out _, out var error) ? null : error;

        Assert.Equal($"TelephonyRequestOptions.ApiKey is invalid: {configuredMessage}", exception.Message);
        Assert.Empty(host.Server.Requests);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, malformed, "xxxxxxxxxxxx yyyyyyyyyyyy"));
    }

    [Theory]
    [InlineData("sk_test_")]
    [InlineData("sk_live_")]
    public async Task GetBalanceAsync_SecretPerCallKeyInClientMode_RefusedWithZeroRequests(string prefix)
    {
        var publishable = FakeKeys.New("pk_test_");
        var secret = FakeKeys.New(prefix);
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = publishable, FakeClientModeDetector.ClientBuild, serverKeys: [publishable, secret]);

        var exception = await Assert.ThrowsAsync<TelephonyException>(
            () => host.Client.Account.GetBalanceAsync(new TelephonyRequestOptions { ApiKey = secret }, TestContext.Current.CancellationToken));

        Assert.StartsWith($"TelephonyRequestOptions.ApiKey is a secret key ({ApiKeyRedaction.Redact(secret)})", exception.Message, StringComparison.Ordinal);
        Assert.Contains("client-mode build", exception.Message, StringComparison.Ordinal);
        Assert.Empty(host.Server.Requests);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(secret)));
    }

    [Fact]
    public async Task GetBalanceAsync_TestKeyPerCallInProductionWithFailOnMismatch_RefusedWithZeroRequests()
    {
        var live = FakeKeys.New("sk_live_");
        var test = FakeKeys.New("sk_test_");
        await using var host = await KeyTestHost.StartAsync(
            o => (o.ApiKey, o.FailOnKeyEnvironmentMismatch) = (live, true), environmentName: "Production", serverKeys: [live, test]);

        var exception = await Assert.ThrowsAsync<TelephonyException>(
            () => host.Client.Account.GetBalanceAsync(new TelephonyRequestOptions { ApiKey = test }, TestContext.Current.CancellationToken));

        Assert.StartsWith($"TelephonyRequestOptions.ApiKey is a test key ({ApiKeyRedaction.Redact(test)}) while the host environment is Production", exception.Message, StringComparison.Ordinal);
        Assert.Empty(host.Server.Requests);
    }

    [Fact]
    public async Task GetBalanceAsync_TestKeyPerCallInProduction_SentWithOneWarningForTheKey()
    {
        var live = FakeKeys.New("sk_live_");
        var test = FakeKeys.New("sk_test_");
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = live, environmentName: "Production", serverKeys: [live, test]);
        var options = new TelephonyRequestOptions { ApiKey = test };

        await host.Client.Account.GetBalanceAsync(options, TestContext.Current.CancellationToken);
        await host.Client.Account.GetBalanceAsync(options, TestContext.Current.CancellationToken);

        var warning = Assert.Single(host.LogsWithEventId(3002));
        Assert.Contains($"TelephonyRequestOptions.ApiKey is a test key ({ApiKeyRedaction.Redact(test)})", warning.Message, StringComparison.Ordinal);
        Assert.Equal(2, host.Server.Requests.Count);
        SecretScanner.AssertNone(SecretScanner.FindInLogs(host.Logs, FakeKeys.Secrets(test, live)));
    }

    [Fact]
    public async Task SendAsync_RequestCarryingItsOwnAuthorizationHeader_RefusedPointingAtThePerCallKey()
    {
        var configured = FakeKeys.NewSecretKey();
        var otherTenant = FakeKeys.NewSecretKey();
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = configured, serverKeys: [configured, otherTenant]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "account/balance");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", otherTenant);

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.SendAsync(request, TestContext.Current.CancellationToken));

        Assert.Contains("TelephonyRequestOptions.ApiKey", exception.Message, StringComparison.Ordinal);
        Assert.Equal("request", exception.ParamName);
        Assert.Empty(host.Server.Requests);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, FakeKeys.Secrets(otherTenant, configured)));
    }

    [Fact]
    public async Task SendAsync_PerCallKeyOnABuiltRequest_SendsThatKey()
    {
        var configured = FakeKeys.NewSecretKey();
        var customer = FakeKeys.NewSecretKey();
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = configured, serverKeys: [configured, customer]);
        host.Server.SetBalance(customer, 3m);
        using var request = new HttpRequestMessage(HttpMethod.Get, "account/balance");

        var body = await host.Client.SendAsync(request, new TelephonyRequestOptions { ApiKey = customer }, TestContext.Current.CancellationToken);

        Assert.Equal(3m, body.GetProperty("balance").GetDecimal());
        Assert.Equal(ApiKeyRedaction.Redact(customer), Assert.Single(host.Server.Requests).RedactedKey);
    }

    [Fact]
    public void ToString_PerCallKeySet_ShowsOnlyTheRedactedKey()
    {
        var key = FakeKeys.NewSecretKey();

        var text = new TelephonyRequestOptions { ApiKey = key, IdempotencyKey = "order-1" }.ToString();

        Assert.Contains(ApiKeyRedaction.Redact(key), text, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeKeys.SecretPart(key), text, StringComparison.Ordinal);
    }
}
