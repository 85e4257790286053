using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Telephony.Sdk.Authentication;

/// <summary>
/// Puts <c>Authorization: Bearer &lt;key&gt;</c>, <c>Accept: application/json</c> and the SDK's <c>User-Agent</c>
/// on every request. The key is read per request, so a configuration reload switches keys without a restart.
/// </summary>
internal sealed class TelephonyAuthenticationHandler(IOptionsMonitor<TelephonyClientOptions> options, string optionsName)
    : DelegatingHandler
{
    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        var apiKey = options.Get(optionsName).ApiKey;
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            // Startup validation normally catches this; a reload can still blank the key later.
            throw new TelephonyException(
                "No Telephony API key is configured. Set TelephonyClientOptions.ApiKey or the " +
                TelephonyClientOptions.ApiKeyEnvironmentVariable + " environment variable.");
        }

        var headers = request.Headers;
        headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (headers.Accept.Count == 0)
        {
            headers.Accept.Add(JsonMediaType);
        }

        if (headers.UserAgent.Count == 0)
        {
            headers.TryAddWithoutValidation("User-Agent", SdkUserAgent.Value);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
