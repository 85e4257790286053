using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Errors;

/// <summary>A 200 that is not the documented JSON is an error, never a zero balance and never a raw JsonException.</summary>
public sealed class InvalidSuccessResponseTests : IDisposable
{
    private readonly WireMockApi _api = WireMockApi.Start();

    public void Dispose() => _api.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"currency\":\"USD\"}")]
    [InlineData("{\"balance\":null}")]
    [InlineData("{\"balance\":\"1234.56\"}")]
    [InlineData("{\"balance\":1234.56")]
    [InlineData("{\"balance\":")]
    [InlineData("not json")]
    [InlineData("<html><body>Maintenance</body></html>")]
    [InlineData("[]")]
    [InlineData("null")]
    public async Task GetBalanceAsync_200WithoutValidBalance_ThrowsTelephonyException(string body)
    {
        _api.RespondWith((int)HttpStatusCode.OK, body);
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), _api.ApiBaseAddress);
        var client = provider.GetRequiredService<TelephonyClient>();

        var exception = await Record.ExceptionAsync(() => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.NotNull(exception);
        Assert.IsNotType<JsonException>(exception, exactMatch: false);
        Assert.IsType<TelephonyException>(exception);
        Assert.Single(_api.Requests);
    }

    [Fact]
    public async Task GetBalanceAsync_200MalformedJson_MessageNamesOperationAndStatus()
    {
        _api.RespondWith((int)HttpStatusCode.OK, "{\"balance\":");
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), _api.ApiBaseAddress);

        var exception = await Assert.ThrowsAsync<TelephonyException>(
            () => provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Contains("/api/account/balance", exception.Message, StringComparison.Ordinal);
        Assert.Contains("(200)", exception.Message, StringComparison.Ordinal);
    }
}
