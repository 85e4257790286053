using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// The fallback to the secondary key sends the same request again, body included. A server that rejects only the
/// primary key (WireMock matches the exact Authorization header) shows what the second attempt carried.
/// </summary>
public sealed class SecondaryApiKeyRequestBodyTests : IDisposable
{
    private readonly WireMockApi _api = WireMockApi.Start();
    private readonly string _primary = FakeKeys.New("sk_test_");
    private readonly string _secondary = FakeKeys.New("sk_test_");

    public SecondaryApiKeyRequestBodyTests()
    {
        _api.Server
            .Given(Request.Create().UsingAnyMethod().WithHeader("Authorization", "Bearer " + _primary))
            .AtPriority(1)
            .RespondWith(Response.Create()
                .WithStatusCode((int)HttpStatusCode.Unauthorized)
                .WithHeader("Content-Type", "application/json")
                .WithBody("{\"error\":{\"code\":\"unauthorized\",\"message\":\"Invalid or missing API key\"}}"));
        _api.Server
            .Given(Request.Create().UsingAnyMethod())
            .AtPriority(2)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"id\":\"call_1\"}"));
    }

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task SendAsync_PrimaryRejectedWithBufferedBody_SecondaryAttemptCarriesTheSameBody()
    {
        await using var provider = Build();
        const string Body = "{\"to\":\"+15550100\"}";

        var result = await provider.GetRequiredService<TelephonyClient>().SendAsync(
            HttpMethod.Post, "calls", new StringContent(Body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal("call_1", result.GetProperty("id").GetString());
        Assert.Equal(["Bearer " + _primary, "Bearer " + _secondary], _api.Requests.SelectMany(r => r.HeaderValues("Authorization")));
        Assert.Equal([Body, Body], _api.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task SendAsync_PrimaryRejectedWithOneShotStreamBody_DoesNotReportTheServerAsUnreachable()
    {
        await using var provider = Build();
        using var body = new OneShotStream("{\"to\":\"+15550100\"}"u8.ToArray());

        var exception = await Record.ExceptionAsync(() => provider.GetRequiredService<TelephonyClient>().SendAsync(
            HttpMethod.Post, "calls", new StreamContent(body), TestContext.Current.CancellationToken));

        // Either the body is replayed and the secondary key succeeds, or the primary key's 401 is reported as such.
        Assert.NotEmpty(_api.Requests);
        if (exception is not null)
        {
            Assert.IsType<TelephonyAuthenticationException>(exception);
        }
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddTelephonyClient(o =>
        {
            o.ApiKey = _primary;
            o.SecondaryApiKey = _secondary;
            o.BaseAddress = _api.ApiBaseAddress;
            o.Resilience.MaxRetryAttempts = 0;
        });
        return services.BuildServiceProvider();
    }

    /// <summary>A request body that can be read once, like a file upload or a network stream.</summary>
    private sealed class OneShotStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
