using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// A key changed in configuration is used from the next call on, by the same client, without a restart or a new
/// container: what rotating a key in a secret store or a reloaded appsettings file relies on.
/// </summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task GetBalanceAsync_KeyChangedAndConfigurationReloaded_SameClientSendsTheNewKey()
    {
        var keyA = FakeKeys.New("sk_live_");
        var keyB = FakeKeys.NewDistinctFrom("sk_live_", keyA);
        await using var server = await TelephonyFakeServer.StartAsync(
            o =>
            {
                o.Keys[keyA] = 1.25m;
                o.Keys[keyB] = 2.5m;
            },
            TestContext.Current.CancellationToken);
        var configuration = ReloadableTelephonySection.Create(keyA, server.BaseAddress);
        await using var provider = Build(configuration);
        var client = provider.GetRequiredService<TelephonyClient>();

        var before = await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        configuration["Telephony:ApiKey"] = keyB;
        configuration.Reload();
        Assert.True(server.RevokeKey(keyA));
        var after = await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal((1.25m, 2.5m), (before.Balance, after.Balance));
        Assert.Equal(
            [("sk_live_…" + keyA[^4..], (int?)200), ("sk_live_…" + keyB[^4..], 200)],
            server.Requests.Select(r => (r.RedactedKey, r.StatusCode)));
        Assert.Same(client, provider.GetRequiredService<TelephonyClient>());
    }

    [Fact]
    public async Task GetBalanceAsync_KeyRotatedTwice_AuthorizationHeaderOnTheWireFollowsEachReload()
    {
        using var api = WireMockApi.Start().RespondWithBalance();
        string[] keys = [FakeKeys.New("sk_test_"), FakeKeys.New("sk_test_"), FakeKeys.New("sk_test_")];
        var configuration = ReloadableTelephonySection.Create(keys[0], api.ApiBaseAddress);
        await using var provider = Build(configuration);
        var client = provider.GetRequiredService<TelephonyClient>();

        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        foreach (var key in keys[1..])
        {
            configuration["Telephony:ApiKey"] = key;
            configuration.Reload();
            await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(keys.Select(k => "Bearer " + k), api.Requests.SelectMany(r => r.HeaderValues("Authorization")));
    }

    [Fact]
    public async Task GetBalanceAsync_KeyChangedWithoutReload_KeepsSendingTheOldKey()
    {
        // The control for the tests above: the new key is picked up because of the reload, not by accident.
        using var api = WireMockApi.Start().RespondWithBalance();
        var keyA = FakeKeys.New("sk_test_");
        var configuration = ReloadableTelephonySection.Create(keyA, api.ApiBaseAddress);
        await using var provider = Build(configuration);
        var client = provider.GetRequiredService<TelephonyClient>();

        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        configuration["Telephony:ApiKey"] = FakeKeys.New("sk_test_");
        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Bearer " + keyA, "Bearer " + keyA], api.Requests.SelectMany(r => r.HeaderValues("Authorization")));
    }

    [Fact]
    public async Task Reload_ToAMangledKey_IsRefusedWithoutTheKeyNothingIsSentAndTheNextGoodKeyRecovers()
    {
        // The options validator runs again on reload: the SDK's change listeners make Reload() itself report the
        // failure (Microsoft.Extensions.Options behaviour), and calls fail until a good key is reloaded.
        using var api = WireMockApi.Start().RespondWithBalance();
        var good = FakeKeys.New("sk_test_");
        var mangled = "Bearer " + FakeKeys.New("sk_test_");
        var next = FakeKeys.New("sk_test_");
        var configuration = ReloadableTelephonySection.Create(good, api.ApiBaseAddress);
        await using var provider = Build(configuration);
        var client = provider.GetRequiredService<TelephonyClient>();

        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        configuration["Telephony:ApiKey"] = mangled;
        var reloadFailure = Assert.IsType<AggregateException>(Record.Exception(configuration.Reload));
        var callFailure = await Assert.ThrowsAsync<TelephonyConfigurationException>(
            () => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));
        configuration["Telephony:ApiKey"] = next;
        configuration.Reload();
        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.All(reloadFailure.InnerExceptions, e => Assert.IsType<OptionsValidationException>(e));
        Assert.Contains("ApiKey is invalid: The API key starts with \"Bearer \"", callFailure.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(reloadFailure, mangled, FakeKeys.SecretPart(mangled)));
        SecretScanner.AssertNone(SecretScanner.FindInException(callFailure, mangled, FakeKeys.SecretPart(mangled)));
        Assert.Equal(["Bearer " + good, "Bearer " + next], api.Requests.SelectMany(r => r.HeaderValues("Authorization")));
    }

    private static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment("Staging"));
        services.AddTelephonyClient(configuration.GetSection("Telephony"));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }
}
