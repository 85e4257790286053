using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Configuration;

/// <summary>
/// A configuration value the binder cannot convert (a word where a number is expected), arriving by a reload: the call
/// fails with a <see cref="TelephonyConfigurationException"/> naming the setting, never repeating the value.
/// </summary>
public sealed class BindingFailureTests
{
    [Fact]
    public async Task GetBalanceAsync_ReloadedValueOfTheWrongType_ThrowsTelephonyConfigurationExceptionNamingTheSetting()
    {
        using var api = WireMockApi.Start().RespondWithBalance();
        var configuration = ReloadableTelephonySection.Create(FakeKeys.NewSecretKey(), api.ApiBaseAddress);
        await using var provider = Build(configuration);
        var client = provider.GetRequiredService<TelephonyClient>();
        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        configuration["Telephony:Resilience:MaxRetryAttempts"] = "three";
        _ = Record.Exception(configuration.Reload);
        var exception = await Record.ExceptionAsync(() => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        var failure = Assert.IsType<TelephonyConfigurationException>(exception);
        Assert.Contains("Telephony:Resilience:MaxRetryAttempts", failure.Message, StringComparison.Ordinal);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task GetBalanceAsync_ReloadedKeyInANumericSetting_KeyAbsentFromTheException()
    {
        // Swapped values: the key lands in a numeric setting. The number parser's message repeats its input.
        using var api = WireMockApi.Start().RespondWithBalance();
        var key = FakeKeys.NewSecretKey();
        var configuration = ReloadableTelephonySection.Create(key, api.ApiBaseAddress);
        await using var provider = Build(configuration);
        var client = provider.GetRequiredService<TelephonyClient>();

        configuration["Telephony:MaxResponseBytes"] = key;
        _ = Record.Exception(configuration.Reload);
        var exception = await Record.ExceptionAsync(() => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.NotNull(exception);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, key, FakeKeys.SecretPart(key)));
    }

    private static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddTelephonyClient(configuration.GetSection("Telephony"));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }
}
