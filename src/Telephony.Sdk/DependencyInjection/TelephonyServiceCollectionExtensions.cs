using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Refit;
using Telephony.Sdk;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Configuration;
using Telephony.Sdk.Diagnostics;
using Telephony.Sdk.Errors;
using Telephony.Sdk.Internal;
using Telephony.Sdk.Resilience;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="TelephonyClient"/> in a service collection.</summary>
public static class TelephonyServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the SDK uses, for <c>IHttpClientFactory</c> configuration.</summary>
    public const string HttpClientName = "Telephony.Sdk";

    /// <summary>
    /// Registers <see cref="TelephonyClient"/> configured in code. Settings are validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="TelephonyClientOptions"/>, e.g. the API key.</param>
    /// <returns>The builder of the SDK's <see cref="HttpClient"/>, to add handlers or change the primary handler.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddTelephonyClient(this IServiceCollection services, Action<TelephonyClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<TelephonyClientOptions>().Configure(configure);
        return AddTelephonyClientCore(services);
    }

    /// <summary>
    /// Registers <see cref="TelephonyClient"/> bound to a configuration section shaped like
    /// <c>{ "ApiKey": "…", "BaseAddress": "…" }</c>. A setting the SDK does not know (a misspelling) fails startup.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, usually <c>configuration.GetSection("Telephony")</c>.</param>
    /// <returns>The builder of the SDK's <see cref="HttpClient"/>, to add handlers or change the primary handler.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddTelephonyClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<TelephonyClientOptions>().Bind(configuration, static binder => binder.ErrorOnUnknownConfiguration = true);
        return AddTelephonyClientCore(services);
    }

    private static IHttpClientBuilder AddTelephonyClientCore(IServiceCollection services)
    {
        services.AddOptions<TelephonyClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<TelephonyClientOptions>, ApiKeyFromEnvironment>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelephonyClientOptions>, TelephonyClientOptionsValidator>());
        services.TryAddSingleton(ClientModeDetector.Default);
        services.TryAddSingleton(static sp => new ApiKeyAdvisor(sp.GetService<ILoggerFactory>(), HostEnvironmentName.Get(sp)));

        if (services.Any(static d => d.ServiceType == typeof(TelephonyClient)))
        {
            // Registered before: return the same client's builder instead of adding its handlers twice.
            return services.AddHttpClient(HttpClientName);
        }

        services.AddSingleton(static sp => new TelephonyClient(sp));
        return services
            .AddRefitGeneratedClient<ITelephonyApi>(static sp => RefitSettingsFactory.Create(sp), HttpClientName)
            .ConfigureHttpClient(static (sp, client) =>
            {
                client.BaseAddress = sp.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>().CurrentValue.BaseAddress;

                // The resilience pipeline owns every timeout (TelephonyResilienceOptions).
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler(static sp => new TelephonyAuthenticationHandler(
                sp.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>(),
                Options.Options.DefaultName,
                sp.GetRequiredService<ClientModeDetector>(),
                sp.GetRequiredService<ApiKeyAdvisor>()))
            .AddHttpMessageHandler(static () => new ErrorResponseBufferingHandler())
            .AddTelephonyResilience(Options.Options.DefaultName)
            .RemoveAllLoggers()
            .AddLogger(static sp => new TelephonyHttpClientLogger(
                (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Telephony.Sdk.Http")));
    }
}
