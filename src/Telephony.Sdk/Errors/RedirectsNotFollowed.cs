using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Telephony.Sdk.Errors;

/// <summary>
/// Turns off redirect following on whatever primary handler the app configured for a Telephony client, after every other
/// configuration: a redirect then reaches <see cref="TelephonyResponseHandler"/> and becomes a typed exception
/// (<see cref="ErrorResponseReader"/>), so the key and the caller's trust stay with the configured API. Browsers follow
/// redirects themselves, under CORS: there the setting is left alone.
/// </summary>
internal sealed class RedirectsNotFollowed(string httpClientName) : IPostConfigureOptions<HttpClientFactoryOptions>
{
    public void PostConfigure(string? name, HttpClientFactoryOptions options)
    {
        if (string.Equals(name, httpClientName, StringComparison.Ordinal) && !OperatingSystem.IsBrowser())
        {
            options.HttpMessageHandlerBuilderActions.Add(static builder => Disable(builder.PrimaryHandler));
        }
    }

    private static void Disable(HttpMessageHandler primary)
    {
        if (primary is SocketsHttpHandler sockets)
        {
            sockets.AllowAutoRedirect = false;
        }
        else if (primary is HttpClientHandler handler)
        {
            handler.AllowAutoRedirect = false;
        }
    }
}
