using System.Net;
using System.Text;
using System.Text.Json;
using WireMock.ResponseBuilders;

namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary><c>SendAsync</c> sends through the same authentication and error mapping, and only below the base address.</summary>
public sealed class SendAsyncMappingTests
{
    [Fact]
    public async Task SendAsync_GetBalance_ReturnsJsonAndSendsBearerKeyToTheApiPath()
    {
        using var server = ErrorMappingServer.Start();
        server.RespondToBalance(HttpStatusCode.OK, """{"balance":12.5}""");
        using var client = server.CreateClient();

        var json = await client.SendAsync(HttpMethod.Get, "account/balance", content: null, TestContext.Current.CancellationToken);

        Assert.Equal(12.5m, json.GetProperty("balance").GetDecimal());
        var request = server.SingleRequest;
        Assert.Equal("GET", request.Method);
        Assert.Equal(ErrorMappingServer.BalancePath, request.Path);
        Assert.Equal($"Bearer {server.ApiKey}", Assert.Single(request.Headers!["Authorization"]));
    }

    [Fact]
    public async Task SendAsync_NotFoundEnvelope_ThrowsTelephonyNotFoundException()
    {
        using var server = ErrorMappingServer.Start();
        server.Respond("/api/numbers/pn_15550100", response => response
            .WithStatusCode(404).WithHeader("Content-Type", "application/json")
            .WithBody("""{"error":{"code":"not_found","message":"No such number"}}"""));
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<TelephonyNotFoundException>(
            () => client.SendAsync(HttpMethod.Get, "numbers/pn_15550100", content: null, TestContext.Current.CancellationToken));

        Assert.Equal("not_found", exception.ErrorCode);
        Assert.Equal("No such number", exception.ErrorMessage);
        Assert.StartsWith("404 Not Found: No such number (code: not_found)", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/x")]
    [InlineData("HTTPS://evil.example/x")]
    [InlineData("//evil.example/x")]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("\\\\evil.example\\x")]
    public async Task SendAsync_PathLeavingBaseAddress_ThrowsArgumentExceptionAndSendsNothing(string path)
    {
        using var server = ErrorMappingServer.Start();
        server.Respond("/*", response => response.WithStatusCode(200).WithBody("{}"));
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => client.SendAsync(HttpMethod.Get, path, content: null, TestContext.Current.CancellationToken));

        Assert.Equal("path", exception.ParamName);
        Assert.Equal(0, server.RequestCount);
        SecretAssert.DoesNotLeak(exception, server.ApiKey);
    }

    [Fact]
    public async Task SendAsync_PostWithJsonContent_ServerReceivesBodyAndContentType()
    {
        const string Body = """{"to":"+15550100","text":"hello"}""";
        using var server = ErrorMappingServer.Start();
        server.Respond("/api/messages", response => response.WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"id":"msg_1"}"""));
        using var client = server.CreateClient();
        using var content = new StringContent(Body, Encoding.UTF8, "application/json");

        var json = await client.SendAsync(HttpMethod.Post, "messages", content, TestContext.Current.CancellationToken);

        Assert.Equal("msg_1", json.GetProperty("id").GetString());
        var request = server.SingleRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal(Body, request.Body);
        Assert.StartsWith("application/json", Assert.Single(request.Headers!["Content-Type"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_EmptyBodyWithContentLengthZero_ReturnsUndefined()
    {
        using var server = ErrorMappingServer.Start();
        server.RespondToBalance(200, [], "application/json");
        using var client = server.CreateClient();

        var json = await client.SendAsync(HttpMethod.Get, "account/balance", content: null, TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.Undefined, json.ValueKind);
    }

    // The docs promise Undefined "when the body is empty"; the SDK only recognises an explicit Content-Length: 0.
    [Theory]
    [InlineData(204)]
    [InlineData(200)]
    public async Task SendAsync_EmptyBodyWithoutContentLength_ReturnsUndefined(int status)
    {
        using var server = ErrorMappingServer.Start();
        server.Respond("/api/calls/c1", response => status == 204
            ? response.WithStatusCode(204)
            : response.WithStatusCode(200).WithBody("{}").WithFault(FaultType.EMPTY_RESPONSE));
        using var client = server.CreateClient();

        var json = await client.SendAsync(HttpMethod.Delete, "calls/c1", content: null, TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.Undefined, json.ValueKind);
    }

    [Fact]
    public async Task SendAsyncOfT_BalanceAsString_ThrowsTelephonyExceptionNamingTheEndpoint()
    {
        using var server = ErrorMappingServer.Start();
        server.RespondToBalance(HttpStatusCode.OK, """{"balance":"12.5"}""");
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAnyAsync<TelephonyException>(() => client.SendAsync(
            HttpMethod.Get, "account/balance", content: null, MappingTestJsonContext.Default.AccountBalance, TestContext.Current.CancellationToken));

        Assert.Equal(typeof(TelephonyException), exception.GetType());
        Assert.Contains("GET /api/account/balance (200)", exception.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(exception.InnerException);
    }

    // A HEAD answer declares the Content-Length the GET body would have, and has no body (RFC 9110, 9.3.2).
    [Theory]
    [InlineData(17)]
    [InlineData(4 * 1024 * 1024)]
    public async Task SendAsync_HeadAnsweredWithTheGetBodysContentLength_ReturnsUndefined(int declaredLength)
    {
        await using var server = RawHttpServer.HeadersOnly(200, declaredLength);
        using var client = server.CreateClient(ErrorMappingServer.NewApiKey());

        var json = await client.SendAsync(HttpMethod.Head, "account/balance", content: null, TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.Undefined, json.ValueKind);
        Assert.Equal(1, server.RequestCount);
    }

    // A caller's conditional GET (If-None-Match) may be answered 304: that is not a redirect, and has no Location.
    [Fact]
    public async Task SendAsync_NotModifiedAnswerToAConditionalGet_IsNotDescribedAsARedirect()
    {
        using var server = ErrorMappingServer.Start();
        server.RespondToBalance(304, [], contentType: null, ("ETag", "\"v1\""));
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("account/balance", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"v1\"");

        var exception = await Assert.ThrowsAsync<TelephonyApiException>(() => client.SendAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotModified, exception.StatusCode);
        Assert.DoesNotContain("redirect", exception.Message, StringComparison.OrdinalIgnoreCase);
    }
}
