using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Telephony.Sdk.Tests.Errors;

/// <summary>
/// A hostile or broken server cannot make a call read an unbounded body, and cannot move the key or the caller's trust
/// to another host with a redirect.
/// </summary>
public sealed class BoundedResponseTests : IDisposable
{
    private readonly WireMockApi _api = WireMockApi.Start();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task GetBalanceAsync_SuccessBodyOfKnownLengthOverTheLimit_ThrowsWithoutReadingIt()
    {
        var body = new CountingContent(Padded(4096), knownLength: true);

        var e = await Assert.ThrowsAsync<TelephonyException>(() => GetBalanceAsync(body, maxResponseBytes: 2048));

        Assert.Contains("MaxResponseBytes (2,048 bytes)", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task GetBalanceAsync_ChunkedSuccessBodyOverTheLimit_ThrowsAfterReadingNoMoreThanTheLimit()
    {
        var body = new CountingContent(Padded(1024 * 1024), knownLength: false);

        var e = await Assert.ThrowsAsync<TelephonyException>(() => GetBalanceAsync(body, maxResponseBytes: 4096));

        Assert.IsNotType<TelephonyApiException>(e);
        Assert.Contains("MaxResponseBytes", e.Message, StringComparison.Ordinal);
        Assert.InRange(body.BytesRead, 4096, 4097);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetBalanceAsync_SuccessBodyExactlyAtTheLimit_IsRead(bool knownLength)
    {
        var body = new CountingContent(Padded(2048), knownLength);

        var balance = await GetBalanceAsync(body, maxResponseBytes: 2048);

        Assert.Equal(12.5m, balance.Balance);
    }

    [Fact]
    public async Task GetBalanceAsync_RedirectToAnotherHost_ThrowsNamingTheHostAndSendsNothingThere()
    {
        using var elsewhere = WireMockApi.Start().RespondWithBalance("999");
        _api.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", new Uri(elsewhere.ApiBaseAddress, "account/balance").ToString()));
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), _api.ApiBaseAddress);

        var e = await Assert.ThrowsAsync<TelephonyApiException>(
            () => provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Redirect, e.StatusCode);
        Assert.Contains($"host '{elsewhere.Root.Authority}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("does not follow", e.Message, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task SendAsync_RedirectToAnotherHost_ThrowsTheSameWay()
    {
        _api.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(301).WithHeader("Location", "https://attacker.example/collect"));
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), _api.ApiBaseAddress);

        var e = await Assert.ThrowsAsync<TelephonyApiException>(
            () => provider.GetRequiredService<TelephonyClient>().SendAsync(HttpMethod.Get, "things", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.MovedPermanently, e.StatusCode);
        Assert.Contains("host 'attacker.example'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBalanceAsync_PrimaryHandlerThatFollowsRedirectsItself_AnswerFromAnotherHostIsRefused()
    {
        await using var provider = TelephonyServices.Build(
            FakeKeys.NewSecretKey(),
            _api.ApiBaseAddress,
            services => services.AddHttpClient(TelephonyServiceCollectionExtensions.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new FollowsRedirectTo(new Uri("https://elsewhere.example/balance"))));

        var e = await Assert.ThrowsAsync<TelephonyException>(
            () => provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Contains("came from elsewhere.example", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBalanceAsync_HandlerFollowedRedirectToHostNamedAfterTheKey_MessageDoesNotCarryTheKey()
    {
        var key = FakeKeys.NewSecretKey();
        await using var provider = TelephonyServices.Build(
            key,
            _api.ApiBaseAddress,
            services => services.AddHttpClient(TelephonyServiceCollectionExtensions.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new FollowsRedirectTo(new Uri($"https://{key}.elsewhere.example/balance"))));

        var e = await Assert.ThrowsAsync<TelephonyException>(
            () => provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Contains("elsewhere.example", e.Message, StringComparison.Ordinal);
        Mapping.SecretAssert.DoesNotLeak(e, key);
    }

    [Fact]
    public void Options_MaxResponseBytesOutOfRange_FailsNamingTheSetting()
    {
        using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), _api.ApiBaseAddress, services =>
            services.Configure<TelephonyClientOptions>(o => o.MaxResponseBytes = 10));

        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelephonyClientOptions>>().Value);

        Assert.Contains("The field TelephonyClientOptions.MaxResponseBytes must be between 1024 and 1073741824.", e.Message, StringComparison.Ordinal);
    }

    private async Task<AccountBalance> GetBalanceAsync(HttpContent body, long maxResponseBytes)
    {
        await using var provider = TelephonyServices.Build(
            FakeKeys.NewSecretKey(),
            _api.ApiBaseAddress,
            services =>
            {
                services.Configure<TelephonyClientOptions>(o => o.MaxResponseBytes = maxResponseBytes);
                services.AddHttpClient(TelephonyServiceCollectionExtensions.HttpClientName)
                    .ConfigurePrimaryHttpMessageHandler(() => new Answers(body));
            });
        return await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);
    }

    // A balance padded with white space to the given length (at least the JSON itself).
    private static byte[] Padded(int length)
    {
        var json = "{\"balance\":12.5}";
        return Encoding.UTF8.GetBytes(json + new string(' ', Math.Max(0, length - json.Length)));
    }

    private sealed class Answers(HttpContent body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = body, RequestMessage = request });
    }

    private sealed class FollowsRedirectTo(Uri target) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // What a redirect-following handler does: the request now names the place that answered.
            request.RequestUri = target;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("{\"balance\":1}", Encoding.UTF8, "application/json"),
                RequestMessage = request,
            });
        }
    }

    /// <summary>A JSON body that counts the bytes the SDK reads, with or without a Content-Length.</summary>
    private sealed class CountingContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly bool _knownLength;
        private CountingStream? _stream;

        public CountingContent(byte[] bytes, bool knownLength)
        {
            (_bytes, _knownLength) = (bytes, knownLength);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        public long BytesRead => _stream?.BytesRead ?? 0;

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(_stream = new CountingStream(_bytes));

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return _knownLength;
        }
    }

    // MemoryStream's asynchronous reads call these synchronous ones, so every read is counted once.
    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Count(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(base.Read(buffer));

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
