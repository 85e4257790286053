using System.Net;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Tests.Testing;

/// <summary>The fake's documented behaviour (authentication, routing, balances), checked with a plain HttpClient.</summary>
public sealed class FakeServerBehaviourTests
{
    private const string UnauthorizedEnvelope = """{"error":{"code":"unauthorized","message":"Invalid or missing API key"}}""";

    [Theory]
    [InlineData(TelephonyFakeServer.PublishableTestKey, "1234.56")]
    [InlineData(TelephonyFakeServer.SecretTestKey, "1234.56")]
    [InlineData(TelephonyFakeServer.PublishableLiveKey, "250.00")]
    [InlineData(TelephonyFakeServer.SecretLiveKey, "98765.43")]
    public async Task Balance_EachDefaultKey_ReturnsItsOwnBalance(string apiKey, string expected)
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var http = FakeServerRateLimitTests.PlainClient(server, apiKey);

        var body = await http.GetStringAsync("account/balance", TestContext.Current.CancellationToken);

        Assert.Equal($$"""{"balance":{{expected}}}""", body);
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    [InlineData("Bearer")]
    public async Task Balance_SchemeInAnyCase_IsAccepted(string scheme)
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "account/balance");
        request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {TelephonyFakeServer.SecretTestKey}");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer sk_test_unknown000000000000000000")]
    [InlineData("Basic c2tfdGVzdDp4")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer a b")]
    [InlineData("Bearersk_test_fake0000000000000000000001")]
    public async Task Balance_MissingMalformedOrUnknownCredentials_Gets401Envelope(string? authorization)
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "account/balance");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(UnauthorizedEnvelope, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UnknownPath_WithValidKey_Gets404Envelope()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);

        using var response = await http.GetAsync("calls/123", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(
            """{"error":{"code":"not_found","message":"No such endpoint"}}""",
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SetBalanceAndRevokeKey_AtRunTime_ChangeWhatTheServerAnswers()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        const string NewKey = "sk_test_added000000000000000000001";
        using var http = FakeServerRateLimitTests.PlainClient(server, NewKey);

        server.SetBalance(NewKey, -42.10m);
        var body = await http.GetStringAsync("account/balance", TestContext.Current.CancellationToken);
        Assert.True(server.RevokeKey(NewKey));
        using var afterRevoke = await http.GetAsync("account/balance", TestContext.Current.CancellationToken);

        Assert.Equal("""{"balance":-42.10}""", body);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
    }

    [Fact]
    public async Task BaseAddress_IsLoopbackWithApiPath()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.Equal("/api/", server.BaseAddress.AbsolutePath);
        Assert.NotEqual(0, server.BaseAddress.Port);
    }
}
