using System.Net.Http.Headers;

namespace Telephony.Sdk.Benchmarks;

/// <summary>The bearer handler a user would write next to a Refit client: one header per request.</summary>
internal sealed class BearerTokenHandler(string apiKey) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return base.SendAsync(request, cancellationToken);
    }
}
