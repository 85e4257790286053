using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CallWithoutOptions_MadeWhileAPerCallKeyCallIsOnItsWay_SendsTheConfiguredKey(bool nestedSendAsync)
    {
        // An app's handler that runs on every client, outside the SDK's, makes a call of its own while a per-call-key call
        // passes through it. The two calls share one async flow; each must keep its own key.
        var configured = FakeKeys.NewSecretKey();
        var customer = FakeKeys.NewSecretKey();
        var nested = new NestedCall(nestedSendAsync);
        await using var host = await KeyTestHost.StartAsync(
            o => o.ApiKey = configured,
            serverKeys: [configured, customer],
            moreServices: services => services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(sp => new NestedCallHandler(nested, sp))));
        host.Server.SetBalance(customer, 7.25m);

        var balance = await host.Client.Account.GetBalanceAsync(new TelephonyRequestOptions { ApiKey = customer }, TestContext.Current.CancellationToken);

        Assert.Equal(7.25m, balance.Balance);
        Assert.Equal(42.5m, nested.Balance);
        Assert.Equal([ApiKeyRedaction.Redact(configured), ApiKeyRedaction.Redact(customer)], host.Server.Requests.Select(r => r.RedactedKey));
    }

    [Fact]
    public async Task CallWithoutOptions_AfterAPerCallKeyCallInTheSameFlow_SendsTheConfiguredKey()
    {
        var configured = FakeKeys.NewSecretKey();
        var customer = FakeKeys.NewSecretKey();
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = configured, serverKeys: [configured, customer]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "account/balance");

        await host.Client.Account.GetBalanceAsync(new TelephonyRequestOptions { ApiKey = customer }, TestContext.Current.CancellationToken);
        await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        await host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            [ApiKeyRedaction.Redact(customer), ApiKeyRedaction.Redact(configured), ApiKeyRedaction.Redact(configured)],
            host.Server.Requests.Select(r => r.RedactedKey));
    }

    [Fact]
    public void ToString_PerCallKeySet_ShowsOnlyTheRedactedKey()
    {
        var key = FakeKeys.NewSecretKey();

        var text = new TelephonyRequestOptions { ApiKey = key, IdempotencyKey = "order-1" }.ToString();

        Assert.Contains(ApiKeyRedaction.Redact(key), text, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeKeys.SecretPart(key), text, StringComparison.Ordinal);
    }

    private sealed class NestedCall(bool sendAsync)
    {
        private int _started;

        public decimal? Balance { get; private set; }

        /// <summary>Makes the nested call once: the nested call passes through the same handler.</summary>
        public async Task MakeOnceAsync(TelephonyClient client, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _started, 1) != 0)
            {
                return;
            }

            if (sendAsync)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "account/balance");
                Balance = (await client.SendAsync(request, cancellationToken)).GetProperty("balance").GetDecimal();
            }
            else
            {
                Balance = (await client.Account.GetBalanceAsync(cancellationToken)).Balance;
            }
        }
    }

    private sealed class NestedCallHandler(NestedCall nested, IServiceProvider services) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await nested.MakeOnceAsync(services.GetRequiredService<TelephonyClient>(), cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
