using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Refit;
using Telephony.Sdk.Internal;
using Telephony.Sdk.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Telephony.Sdk.Tests.Contributing;

/// <summary>
/// The worked example of CONTRIBUTING.md, "Adding an endpoint": a Refit method, its model in a JSON context, an
/// operations class with one virtual method, and a route on a fake server. In the SDK these go to
/// <c>Internal/ITelephonyApi.cs</c>, <c>Internal/TelephonyJsonContext.cs</c>, an operations class and
/// <c>Telephony.Sdk.Testing/FakeApiEndpoints.cs</c>; here they live in the test project (the endpoint is not a real one),
/// and the operations class calls through the SDK's invoker, on the client's own <see cref="HttpClient"/> and pipeline,
/// as <see cref="AccountOperations"/> does.
/// </summary>
public sealed partial class AddingAnEndpointExampleTests : IDisposable
{
    private readonly WireMockApi _api = WireMockApi.Start();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task ExampleEndpoint_ThroughTheSdksPipeline_AuthenticatedAndParsed()
    {
        // 4. The route on the fake server.
        _api.Server.Given(Request.Create().WithPath("/api/account/usage").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"calls":7}"""));
        var key = FakeKeys.NewSecretKey();
        await using var provider = Build(key);

        var usage = await Operations(provider).GetUsageAsync(TestContext.Current.CancellationToken);

        Assert.Equal(7, usage.Calls);
        var request = _api.SingleRequest();
        Assert.Equal($"Bearer {key}", request.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task ExampleEndpoint_ErrorStatus_IsTheSdksTypedException()
    {
        _api.Server.Given(Request.Create().WithPath("/api/account/usage").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithBody("""{"error":{"code":"not_found","message":"No usage yet"}}"""));
        await using var provider = Build(FakeKeys.NewSecretKey());

        var e = await Assert.ThrowsAsync<TelephonyNotFoundException>(
            () => Operations(provider).GetUsageAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal("not_found", e.ErrorCode);
    }

    [Fact]
    public void ExampleContract_EveryModel_IsInItsJsonContext() =>
        Assert.Empty(JsonContextCoverage.Missing(typeof(IExampleUsageApi), ExampleJsonContext.Default));

    private ServiceProvider Build(string key)
    {
        var services = new ServiceCollection();
        services.AddTelephonyClient(o =>
        {
            o.ApiKey = key;
            o.BaseAddress = _api.ApiBaseAddress;
            o.Resilience.MaxRetryAttempts = 0;
        });
        return services.BuildServiceProvider();
    }

    // In the SDK, TelephonyClient creates its operations classes over one invoker of ITelephonyApi; here the invoker is of
    // the example's contract, with its JSON context in the SDK's Refit settings (which pass the pipeline's typed exceptions on).
    private static ExampleUsageOperations Operations(ServiceProvider provider) =>
        new(new TelephonyApiInvoker<IExampleUsageApi>(provider, Options.DefaultName, RefitSettingsFactory.Create(ExampleJsonContext.Default)));

    /// <summary>1. The Refit method: the wire contract, with a path relative to the base address.</summary>
    public interface IExampleUsageApi
    {
        [Get("/account/usage")]
        Task<ExampleUsage> GetUsageAsync(CancellationToken cancellationToken);
    }

    /// <summary>2. The model, and its entry in a source-generated JSON context.</summary>
    public sealed record ExampleUsage(int Calls);

    [JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(ExampleUsage))]
    internal sealed partial class ExampleJsonContext : JsonSerializerContext;

    /// <summary>
    /// 3. One virtual method on an operations class, calling the invoker: the public, mockable face of the endpoint.
    /// Authentication, retries, rate limits, timeouts, typed errors, logs and metrics come from the pipeline.
    /// </summary>
    public class ExampleUsageOperations
    {
        private readonly TelephonyApiInvoker<IExampleUsageApi>? _invoker;

        protected ExampleUsageOperations()
        {
        }

        internal ExampleUsageOperations(TelephonyApiInvoker<IExampleUsageApi> invoker) => _invoker = invoker;

        public virtual Task<ExampleUsage> GetUsageAsync(CancellationToken cancellationToken = default) =>
            _invoker!.InvokeAsync(static (api, ct) => api.GetUsageAsync(ct), HttpMethod.Get, "account/usage", null, cancellationToken);
    }
}
