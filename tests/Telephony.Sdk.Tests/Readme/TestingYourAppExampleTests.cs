// The "Testing your app" example of docs/testing.md, compiled and run with the suite so that it stays true.
#pragma warning disable xUnit1051 // The guide shows the shortest form; a user's suite may pass TestContext.Current.CancellationToken.
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk;
using Telephony.Sdk.Testing;
using Xunit;

namespace MyApp.Tests;

public sealed class BalanceCheckTests
{
    [Fact]
    public async Task LowBalance_IsReported()
    {
        await using var server = await TelephonyFakeServer.StartAsync(o => o.Keys[TelephonyFakeServer.SecretTestKey] = 3.50m);

        var services = new ServiceCollection();
        services.AddTelephonyClient(o =>
        {
            o.ApiKey = TelephonyFakeServer.SecretTestKey;
            o.BaseAddress = server.BaseAddress; // the one line that points the SDK at the fake
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<TelephonyClient>();

        var balance = await client.Account.GetBalanceAsync();

        Assert.Equal(3.50m, balance.Balance);
        Assert.Equal(200, Assert.Single(server.Requests).StatusCode);
    }

    [Fact]
    public async Task RevokedKey_IsRejected()
    {
        await using var server = await TelephonyFakeServer.StartAsync();
        server.RevokeKey(TelephonyFakeServer.SecretTestKey);
        using var client = new TelephonyClient(new TelephonyClientOptions
        {
            ApiKey = TelephonyFakeServer.SecretTestKey,
            BaseAddress = server.BaseAddress,
        });

        var e = await Assert.ThrowsAsync<TelephonyAuthenticationException>(() => client.Account.GetBalanceAsync());

        Assert.Equal("unauthorized", e.ErrorCode);
    }
}
