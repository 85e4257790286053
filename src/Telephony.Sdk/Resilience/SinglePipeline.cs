using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Configuration;

namespace Telephony.Sdk.Resilience;

/// <summary>
/// Keeps the SDK's pipeline the only resilience pipeline on its <see cref="HttpClient"/>. An app's
/// <c>ConfigureHttpClientDefaults(http =&gt; http.AddStandardResilienceHandler())</c> (every .NET Aspire app's service
/// defaults) reaches every client: a second pipeline would multiply attempts (4 × 4), send retries that take no permit
/// from the key's rate limit, and feed its own circuit breaker. Applied after every other configuration, so a handler
/// the app adds later is removed too; an app that removed the SDK's pipeline on purpose keeps its own.
/// </summary>
internal sealed class SinglePipeline(string httpClientName, string clientName) : IPostConfigureOptions<HttpClientFactoryOptions>
{
    private int _reported;

    public void PostConfigure(string? name, HttpClientFactoryOptions options)
    {
        if (string.Equals(name, httpClientName, StringComparison.Ordinal))
        {
            options.HttpMessageHandlerBuilderActions.Add(RemoveOtherPipelines);
        }
    }

    private void RemoveOtherPipelines(HttpMessageHandlerBuilder builder)
    {
        var handlers = builder.AdditionalHandlers;
        var authentication = new List<DelegatingHandler>(handlers).FindIndex(static h => h is TelephonyAuthenticationHandler);
        var own = authentication < 0 ? -1 : new List<DelegatingHandler>(handlers).FindIndex(authentication + 1, static h => h is ResilienceHandler);
        if (authentication < 0 || own < 0)
        {
            return;
        }

        var removed = 0;
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            if (i != own && handlers[i] is ResilienceHandler)
            {
                handlers.RemoveAt(i);
                removed++;
            }
        }

        if (removed > 0 && Interlocked.Exchange(ref _reported, 1) == 0)
        {
            var logger = builder.Services.GetService<ILoggerFactory>()?.CreateLogger("Telephony.Sdk.Resilience");
            if (logger is not null)
            {
                ResilienceLog.ForeignPipelinesRemoved(logger, removed, TelephonyClientDescription.LogNameOf(clientName));
            }
        }
    }
}
