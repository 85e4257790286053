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
        Assert.Equal("401 Unauthorized: Invalid or missing API key (code: unauthorized)", exception.Message);
    }

    [Fact]
    public async Task GetBalanceAsync_500WithEnvelope_ThrowsTelephonyApiExceptionNotAuthenticationException()
    {
        _api.RespondWith(500, "{\"error\":{\"code\":\"internal_error\",\"message\":\"Something broke\"}}");

        var exception = await Assert.ThrowsAsync<TelephonyApiException>(GetBalanceAsync);

        Assert.IsNotType<TelephonyAuthenticationException>(exception);
        Assert.Equal(HttpStatusCode.InternalServerError, exception.StatusCode);
        Assert.Equal("internal_error", exception.ErrorCode);
        Assert.Equal("Something broke", exception.ErrorMessage);
        Assert.Equal("500 Internal Server Error: Something broke (code: internal_error)", exception.Message);
    }

    [Fact]
    public async Task GetBalanceAsync_429WithEnvelope_ThrowsTelephonyApiExceptionWithStatus()
    {
        _api.RespondWith(429, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"Too many requests\"}}");

        var exception = await Assert.ThrowsAsync<TelephonyApiException>(GetBalanceAsync);

        Assert.Equal(HttpStatusCode.TooManyRequests, exception.StatusCode);
        Assert.Equal("rate_limited", exception.ErrorCode);
    }

    [Fact]
    public async Task GetBalanceAsync_401HtmlPageFromProxy_ThrowsAuthenticationExceptionCarryingText()
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
        Assert.Equal("<html><body>Proxy says no</body></html>", exception.ErrorMessage);
    }

    [Fact]
    public async Task GetBalanceAsync_500EmptyBody_ThrowsTelephonyApiExceptionSayingNoMessage()
    {
        _api.RespondWith(500, string.Empty);

        var exception = await Assert.ThrowsAsync<TelephonyApiException>(GetBalanceAsync);

        Assert.Null(exception.ErrorCode);
        Assert.Null(exception.ErrorMessage);
        Assert.Equal("500 Internal Server Error: the server sent no error message", exception.Message);
    }

    private async Task GetBalanceAsync()
    {
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), _api.ApiBaseAddress);
        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);
    }
}
