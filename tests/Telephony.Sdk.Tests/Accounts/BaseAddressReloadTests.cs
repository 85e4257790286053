using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Accounts;

/// <summary>
/// The client keeps its Refit client and <see cref="HttpClient"/> between calls; a reloaded <c>BaseAddress</c> must still
/// be used from the next call on, by the same <see cref="TelephonyClient"/>.
/// </summary>
public sealed class BaseAddressReloadTests
{
    [Fact]
    public async Task GetBalanceAsync_BaseAddressReloaded_NextCallGoesToTheNewAddress()
    {
        using var first = WireMockApi.Start().RespondWithBalance("1.25");
        using var second = WireMockApi.Start().RespondWithBalance("2.5");
        var configuration = Configuration(first.ApiBaseAddress);
        await using var provider = Build(configuration);
        var client = provider.GetRequiredService<TelephonyClient>();

        var before = await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        configuration["Telephony:BaseAddress"] = second.ApiBaseAddress.ToString();
        configuration.Reload();
        var after = await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal((1.25m, 2.5m), (before.Balance, after.Balance));
        Assert.Equal("/api/account/balance", first.SingleRequest().Path);
        Assert.Equal("/api/account/balance", second.SingleRequest().Path);
    }

    [Fact]
    public async Task SendAsync_BaseAddressReloaded_NextCallGoesToTheNewAddress()
    {
        using var first = WireMockApi.Start().RespondWithBalance("1.25");
        using var second = WireMockApi.Start().RespondWithBalance("2.5");
        var configuration = Configuration(first.ApiBaseAddress);
        await using var provider = Build(configuration);
        var client = provider.GetRequiredService<TelephonyClient>();

        using var beforeRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("account/balance", UriKind.Relative));
        var before = await client.SendAsync(beforeRequest, TestContext.Current.CancellationToken);
        configuration["Telephony:BaseAddress"] = second.ApiBaseAddress.ToString();
        configuration.Reload();
        using var afterRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("account/balance", UriKind.Relative));
        var after = await client.SendAsync(afterRequest, TestContext.Current.CancellationToken);

        Assert.Equal((1.25m, 2.5m), (Balance(before), Balance(after)));
        Assert.Equal("/api/account/balance", first.SingleRequest().Path);
        Assert.Equal("/api/account/balance", second.SingleRequest().Path);
    }

    private static decimal Balance(JsonElement body) => body.GetProperty("balance").GetDecimal();

    private static IConfigurationRoot Configuration(Uri baseAddress) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Telephony:ApiKey"] = FakeKeys.NewSecretKey(),
                ["Telephony:BaseAddress"] = baseAddress.ToString(),
                ["Telephony:Resilience:MaxRetryAttempts"] = "0",
            })
            .Build();

    private static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddTelephonyClient(configuration.GetSection("Telephony"));
        return services.BuildServiceProvider();
    }
}
