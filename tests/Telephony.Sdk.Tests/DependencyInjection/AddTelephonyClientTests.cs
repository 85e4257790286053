using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.DependencyInjection;

/// <summary>Registration: idempotent, and the returned builder configures the SDK's own HttpClient.</summary>
public sealed class AddTelephonyClientTests : IDisposable
{
    private readonly WireMockApi _api = WireMockApi.Start().RespondWithBalance();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task AddTelephonyClient_CalledTwice_SendsExactlyOneAuthorizationValue()
    {
        var key = FakeKeys.NewSecretKey();
        var services = new ServiceCollection();
        services.AddTelephonyClient(options => options.ApiKey = key);
        services.AddTelephonyClient(options => options.BaseAddress = _api.ApiBaseAddress);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        var request = _api.SingleRequest();
        Assert.Equal(["Bearer " + key], request.HeaderValues("Authorization"));
        Assert.Single(request.HeaderValues("User-Agent"));
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(TelephonyClient));
    }

    [Fact]
    public void AddTelephonyClient_CalledTwice_RegistersNoMoreHttpClientConfigurationThanOnce()
    {
        var once = new ServiceCollection();
        once.AddTelephonyClient(options => options.ApiKey = FakeKeys.NewSecretKey());
        var twice = new ServiceCollection();
        twice.AddTelephonyClient(options => options.ApiKey = FakeKeys.NewSecretKey());
        twice.AddTelephonyClient(options => options.ApiKey = FakeKeys.NewSecretKey());

        // The auth handler replaces the header, so a doubled handler would not show on the wire: count the
        // handler-pipeline configuration registered for the SDK's named HttpClient instead.
        Assert.Equal(HandlerActionCount(once), HandlerActionCount(twice));
        Assert.Equal(
            once.Count(d => d.ServiceType == typeof(IConfigureOptions<HttpClientFactoryOptions>)),
            twice.Count(d => d.ServiceType == typeof(IConfigureOptions<HttpClientFactoryOptions>)));
    }

    [Fact]
    public async Task AddTelephonyClient_ReturnedBuilder_UserHandlerSeesAuthenticatedRequest()
    {
        var seen = new List<string>();
        var services = new ServiceCollection();
        var key = FakeKeys.NewSecretKey();
        services
            .AddTelephonyClient(options =>
            {
                options.ApiKey = key;
                options.BaseAddress = _api.ApiBaseAddress;
            })
            .AddHttpMessageHandler(() => new RecordingHandler(seen));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        var line = Assert.Single(seen);
        Assert.Equal("GET /api/account/balance auth=Bearer " + key, line);
        Assert.Single(_api.Requests);
    }

    [Fact]
    public async Task AddTelephonyClient_BuilderFromSecondCall_UserHandlerSeesRequest()
    {
        var seen = new List<string>();
        var services = new ServiceCollection();
        services.AddTelephonyClient(options => options.ApiKey = FakeKeys.NewSecretKey());
        services
            .AddTelephonyClient(options => options.BaseAddress = _api.ApiBaseAddress)
            .AddHttpMessageHandler(() => new RecordingHandler(seen));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Single(seen);
        Assert.Single(_api.Requests);
    }

    [Fact]
    public void AddTelephonyClient_Always_ReturnsBuilderOfNamedSdkClient()
    {
        var services = new ServiceCollection();

        var first = services.AddTelephonyClient(options => options.ApiKey = FakeKeys.NewSecretKey());
        var second = services.AddTelephonyClient(options => options.ApiKey = FakeKeys.NewSecretKey());

        Assert.Equal(TelephonyServiceCollectionExtensions.HttpClientName, first.Name);
        Assert.Equal(TelephonyServiceCollectionExtensions.HttpClientName, second.Name);
    }

    [Fact]
    public async Task GetRequiredService_TelephonyClient_IsSingleton()
    {
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), _api.ApiBaseAddress);

        Assert.Same(provider.GetRequiredService<TelephonyClient>(), provider.GetRequiredService<TelephonyClient>());
    }

    [Fact]
    public void AddTelephonyClient_NullArguments_ThrowArgumentNullException()
    {
        var services = new ServiceCollection();

        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddTelephonyClient(_ => { })).ParamName);
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => services.AddTelephonyClient((Action<TelephonyClientOptions>)null!)).ParamName);
        Assert.Equal("configuration", Assert.Throws<ArgumentNullException>(() => services.AddTelephonyClient((Microsoft.Extensions.Configuration.IConfiguration)null!)).ParamName);
    }

    private static int HandlerActionCount(IServiceCollection services)
    {
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>()
            .Get(TelephonyServiceCollectionExtensions.HttpClientName)
            .HttpMessageHandlerBuilderActions.Count;
    }

    private sealed class RecordingHandler(List<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Add($"{request.Method} {request.RequestUri?.AbsolutePath} auth={request.Headers.Authorization}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
