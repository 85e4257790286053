using System.Net;
using System.Net.Http.Headers;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Testing;

/// <summary>
/// The fake server checked with a plain <see cref="HttpClient"/>, not through the SDK, so that the SDK's tests that
/// rely on it cannot pass because of a shared mistake.
/// </summary>
public sealed class TelephonyFakeServerTests : IAsyncLifetime
{
    private const string UnauthorizedEnvelope = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Invalid or missing API key\"}}";

    private readonly HttpClient _http = new();
    private TelephonyFakeServer? _server;

    private TelephonyFakeServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => _server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public void BaseAddress_AfterStart_IsHttpOnLoopbackWithApiPath()
    {
        Assert.Equal("127.0.0.1", Server.BaseAddress.Host);
        Assert.Equal(Uri.UriSchemeHttp, Server.BaseAddress.Scheme);
        Assert.NotEqual(0, Server.BaseAddress.Port);
        Assert.Equal("/api/", Server.BaseAddress.AbsolutePath);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    public async Task Get_BalanceWithSecretTestKey_Returns200WithDefaultBalance(string scheme)
    {
        using var response = await GetBalanceAsync($"{scheme} {TelephonyFakeServer.SecretTestKey}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"balance\":1234.56}", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Get_BalanceWithPublishableTestKey_Returns200()
    {
        using var response = await GetBalanceAsync("Bearer " + TelephonyFakeServer.PublishableTestKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Bearer sk_test_unknown")]
    [InlineData("Bearer sk_test_fake0000000000000000000001x")]
    [InlineData("Basic c2tfdGVzdF9mYWtlOg==")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearersk_test_fake0000000000000000000001")]
    public async Task Get_BalanceWithUnknownOrMalformedCredentials_Returns401Envelope(string authorization)
    {
        using var response = await GetBalanceAsync(authorization);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Get_BalanceWithoutAuthorizationHeader_Returns401Envelope()
    {
        using var response = await GetBalanceAsync(authorization: null);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Get_UnknownPathWithValidKey_Returns404ErrorEnvelope()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.BaseAddress, "account/nothing-here"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TelephonyFakeServer.SecretTestKey);

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(
            "{\"error\":{\"code\":\"not_found\",\"message\":\"No such endpoint\"}}",
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Post_BalanceWithValidKey_Returns405WithAllowGet()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.BaseAddress, "account/balance"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TelephonyFakeServer.SecretTestKey);

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task SetBalance_KnownKey_ChangesBalanceReturned()
    {
        Server.SetBalance(TelephonyFakeServer.SecretTestKey, -12.5m);

        using var response = await GetBalanceAsync("Bearer " + TelephonyFakeServer.SecretTestKey);

        Assert.Equal("{\"balance\":-12.5}", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SetBalance_NewKey_KeyIsAcceptedFromThenOn()
    {
        var key = FakeKeys.NewSecretKey();
        using (var before = await GetBalanceAsync("Bearer " + key))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        }

        Server.SetBalance(key, 0.01m);
        using var after = await GetBalanceAsync("Bearer " + key);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("{\"balance\":0.01}", await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task StartAsync_CustomKeys_OnlyThoseKeysAreAccepted()
    {
        var key = FakeKeys.NewSecretKey();
        await using var custom = await TelephonyFakeServer.StartAsync(
            options =>
            {
                options.Keys.Clear();
                options.Keys[key] = 5m;
            },
            TestContext.Current.CancellationToken);

        using var accepted = await GetBalanceAsync("Bearer " + key, custom.BaseAddress);
        using var rejected = await GetBalanceAsync("Bearer " + TelephonyFakeServer.SecretTestKey, custom.BaseAddress);

        Assert.Equal("{\"balance\":5}", await accepted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
    }

    private async Task<HttpResponseMessage> GetBalanceAsync(string? authorization, Uri? baseAddress = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress ?? Server.BaseAddress, "account/balance"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(UnauthorizedEnvelope, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
