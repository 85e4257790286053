using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.Support;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.Resilience;

/// <summary>An in-memory transport that answers with a scripted sequence of responses (the last one repeats).</summary>
internal sealed class StubResponses(params Func<HttpResponseMessage>[] script) : HttpMessageHandler
{
    private int _served;

    public int Served => Volatile.Read(ref _served);

    public static HttpResponseMessage Status(int status, Action<HttpResponseMessage>? configure = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent("""{"error":{"code":"stub","message":"Scripted response"}}""", Encoding.UTF8, "application/json"),
        };
        configure?.Invoke(response);
        return response;
    }

    public static HttpResponseMessage Json(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static FakeClockServices BuildClient(ObservableTimeProvider clock, StubResponses responses, Action<TelephonyClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddTelephonyClient(o =>
        {
            o.ApiKey = FakeKeys.NewSecretKey();
            o.BaseAddress = new Uri("https://api.telephony.test/api/");
            o.Resilience.AttemptTimeout = ResilienceTestHost.AttemptTimeout;
            o.Resilience.TotalTimeout = ResilienceTestHost.TotalTimeout;
            configure?.Invoke(o);
        }).ConfigurePrimaryHttpMessageHandler(() => responses);
        return new FakeClockServices(services.BuildServiceProvider(), clock);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref _served) - 1;
        var response = script[Math.Min(index, script.Length - 1)]();
        response.RequestMessage = request;
        return Task.FromResult(response);
    }
}
