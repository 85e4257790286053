using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>The auth handler on its own, in front of a recording inner handler (no network).</summary>
public sealed class TelephonyAuthenticationHandlerTests
{
    [Fact]
    public async Task SendAsync_KeyBlankedAfterStartup_ThrowsTelephonyExceptionAndSendsNothing()
    {
        var inner = new RecordingHandler();
        using var invoker = CreateInvoker("   ", inner);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://www.telephony.io/api/account/balance");

        var exception = await Assert.ThrowsAsync<TelephonyException>(
            () => invoker.SendAsync(request, TestContext.Current.CancellationToken));

        Assert.Contains("TELEPHONY_API_KEY", exception.Message, StringComparison.Ordinal);
        Assert.Empty(inner.Requests);
    }

    [Fact]
    public async Task SendAsync_RequestAlreadyHasAuthorization_ReplacesItWithConfiguredKey()
    {
        var key = FakeKeys.NewSecretKey();
        var inner = new RecordingHandler();
        using var invoker = CreateInvoker(key, inner);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://www.telephony.io/api/account/balance");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "c29tZW9uZTplbHNl");

        using var response = await invoker.SendAsync(request, TestContext.Current.CancellationToken);

        var sent = Assert.Single(inner.Requests);
        Assert.Equal(["Bearer " + key], sent.Headers.GetValues("Authorization"));
    }

    [Fact]
    public async Task SendAsync_CallerSetUserAgentAndAccept_KeepsThem()
    {
        var inner = new RecordingHandler();
        using var invoker = CreateInvoker(FakeKeys.NewSecretKey(), inner);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://www.telephony.io/api/account/balance");
        request.Headers.TryAddWithoutValidation("User-Agent", "MyApp/1.0");
        request.Headers.TryAddWithoutValidation("Accept", "text/plain");

        using var response = await invoker.SendAsync(request, TestContext.Current.CancellationToken);

        var sent = Assert.Single(inner.Requests);
        Assert.Equal(["MyApp/1.0"], sent.Headers.GetValues("User-Agent"));
        Assert.Equal(["text/plain"], sent.Headers.GetValues("Accept"));
    }

    private static HttpMessageInvoker CreateInvoker(string apiKey, HttpMessageHandler inner)
    {
        // The options are deliberately not validated: this is the state a configuration reload can leave behind.
        var services = new ServiceCollection();
        services.AddOptions<TelephonyClientOptions>().Configure(options => options.ApiKey = apiKey);
        var monitor = services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>();
        return new HttpMessageInvoker(
            new TelephonyAuthenticationHandler(monitor, Options.DefaultName, ClientModeDetector.Default, new ApiKeyAdvisor(null, null)) { InnerHandler = inner },
            disposeHandler: true);
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
