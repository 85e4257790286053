using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Errors;

/// <summary>Error statuses become typed exceptions carrying the status and the documented envelope.</summary>
public sealed class ErrorResponseTests : IDisposable
{
    private const string UnauthorizedEnvelope = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Invalid or missing API key\"}}";

    private readonly WireMockApi _api = WireMockApi.Start();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task GetBalanceAsync_401WithDocumentedEnvelope_ThrowsTelephonyAuthenticationException()
    {
        _api.RespondWith(401, UnauthorizedEnvelope);

        var exception = await Assert.ThrowsAsync<TelephonyAuthenticationException>(GetBalanceAsync);

        Assert.Equal(HttpStatusCode.Unauthorized, exception.StatusCode);
        Assert.Equal("unauthorized", exception.ErrorCode);
        Assert.Equal("Invalid or missing API key", exception.ErrorMessage);
        Assert.StartsWith("401 Unauthorized: Invalid or missing API key (code: unauthorized). ", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Check the configured key", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBalanceAsync_500WithEnvelope_ThrowsTelephonyServerException()
    {
        _api.RespondWith(500, "{\"error\":{\"code\":\"internal_error\",\"message\":\"Something broke\"}}");

        var exception = await Assert.ThrowsAsync<TelephonyServerException>(GetBalanceAsync);

        Assert.Equal(HttpStatusCode.InternalServerError, exception.StatusCode);
        Assert.Equal("internal_error", exception.ErrorCode);
        Assert.Equal("Something broke", exception.ErrorMessage);
        Assert.StartsWith("500 Internal Server Error: Something broke (code: internal_error). ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBalanceAsync_429WithEnvelope_ThrowsTelephonyRateLimitException()
    {
        _api.RespondWith(429, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"Too many requests\"}}");

        var exception = await Assert.ThrowsAsync<TelephonyRateLimitException>(GetBalanceAsync);

        Assert.Equal(HttpStatusCode.TooManyRequests, exception.StatusCode);
        Assert.Equal("rate_limited", exception.ErrorCode);
    }

    [Fact]
    public async Task GetBalanceAsync_401HtmlPageFromProxy_ThrowsAuthenticationExceptionDescribingThePage()
    {
        _api.Server.ResetMappings();
        _api.Server
            .Given(WireMock.RequestBuilders.Request.Create().UsingAnyMethod())
            .RespondWith(WireMock.ResponseBuilders.Response.Create()
                .WithStatusCode(401)
                .WithHeader("Content-Type", "text/html")
                .WithBody("<html><body>Proxy says no</body></html>"));

        var exception = await Assert.ThrowsAsync<TelephonyAuthenticationException>(GetBalanceAsync);

        Assert.Null(exception.ErrorCode);
        Assert.Contains("HTML page", exception.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("<html><body>Proxy says no</body></html>", exception.ResponseBody);
    }

    [Fact]
    public async Task GetBalanceAsync_500EmptyBody_ThrowsTelephonyServerExceptionSayingTheBodyWasEmpty()
    {
        _api.RespondWith(500, string.Empty);

        var exception = await Assert.ThrowsAsync<TelephonyServerException>(GetBalanceAsync);

        Assert.Null(exception.ErrorCode);
        Assert.Equal("the response had an empty body", exception.ErrorMessage);
        Assert.StartsWith("500 Internal Server Error: the response had an empty body. ", exception.Message, StringComparison.Ordinal);
    }

    private async Task GetBalanceAsync()
    {
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), _api.ApiBaseAddress);
        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);
    }
}
