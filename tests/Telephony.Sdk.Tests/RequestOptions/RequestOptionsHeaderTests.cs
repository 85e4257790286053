using System.Net.Http.Json;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.RequestOptions;

/// <summary>A call's <c>Idempotency-Key</c> and extra headers reach the wire; the headers the SDK and HTTP own are refused with a clear error.</summary>
public sealed class RequestOptionsHeaderTests : IDisposable
{
    private readonly WireMockApi _api = WireMockApi.Start();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task SendAsync_IdempotencyKeyAndExtraHeaders_ArriveOnTheRequest()
    {
        _api.RespondWithBalance();
        using var client = new TelephonyClient(new TelephonyClientOptions { ApiKey = FakeKeys.NewSecretKey(), BaseAddress = _api.ApiBaseAddress });
        var options = new TelephonyRequestOptions { IdempotencyKey = "order-17" }.AddHeader("X-Customer-Ref", "c-42");

        await client.SendAsync(HttpMethod.Post, "account/balance", JsonContent.Create(new { amount = 1 }), options, TestContext.Current.CancellationToken);

        var request = _api.SingleRequest();
        Assert.Equal("order-17", request.Headers!["Idempotency-Key"].Single());
        Assert.Equal("c-42", request.Headers["X-Customer-Ref"].Single());
    }

    [Theory]
    [InlineData("Authorization", "TelephonyRequestOptions.ApiKey")]
    [InlineData("authorization", "TelephonyRequestOptions.ApiKey")]
    [InlineData("Connection", "hop-by-hop")]
    [InlineData("Transfer-Encoding", "hop-by-hop")]
    [InlineData("Proxy-Authorization", "hop-by-hop")]
    public void AddHeader_HeaderTheSdkOrHttpOwns_ThrowsSayingWhatToDoInstead(string name, string said)
    {
        var options = new TelephonyRequestOptions();

        var exception = Assert.Throws<ArgumentException>(() => options.AddHeader(name, "x"));

        Assert.Contains(said, exception.Message, StringComparison.Ordinal);
        Assert.Empty(options.Headers);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(2 * 24 * 60 * 60 * 1000)]
    public void Timeout_OutsideTheRangeOfTotalTimeout_Throws(int milliseconds)
    {
        var options = new TelephonyRequestOptions();

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => options.Timeout = TimeSpan.FromMilliseconds(milliseconds));

        Assert.Contains("00:00:00.010 and 1.00:00:00", exception.Message, StringComparison.Ordinal);
        Assert.Null(options.Timeout);
    }
}
