using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Accounts;

/// <summary>The balance is read exactly as a <see cref="decimal"/>, never through a floating-point number.</summary>
public sealed class GetBalanceAsyncParsingTests : IDisposable
{
    private readonly WireMockApi _api = WireMockApi.Start();

    public void Dispose() => _api.Dispose();

    [Theory]
    [InlineData("{\"balance\":1234.56}", "1234.56")]
    [InlineData("{\"balance\":0}", "0")]
    [InlineData("{\"balance\":-12.5}", "-12.5")]
    [InlineData("{\"balance\":0.01}", "0.01")]
    [InlineData("{\"balance\":79228162514264337593543950335}", "79228162514264337593543950335")]
    [InlineData("{\"balance\":-79228162514264337593543950335}", "-79228162514264337593543950335")]
    [InlineData("{\"balance\":9007199254740993.01}", "9007199254740993.01")]
    [InlineData("{\"currency\":\"USD\",\"balance\":1234.56,\"account\":{\"id\":\"acc_1\",\"tags\":[1,2]}}", "1234.56")]
    [InlineData("{\"balance\":1234.56,\"pending\":null,\"updated_at\":\"2024-01-01T00:00:00Z\"}", "1234.56")]
    public async Task GetBalanceAsync_JsonBody_ParsesBalanceExactly(string body, string expected)
    {
        _api.RespondWith((int)HttpStatusCode.OK, body);
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), _api.ApiBaseAddress);

        var balance = await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        var expectedBalance = decimal.Parse(expected, NumberStyles.Number, CultureInfo.InvariantCulture);
        Assert.Equal(expectedBalance, balance.Balance);

        // Equal decimals can differ in scale (1234.56 vs 1234.560); the exact digits must survive too.
        Assert.Equal(expected, balance.Balance.ToString(CultureInfo.InvariantCulture));
    }
}
