using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Configuration;
using Telephony.Sdk.Diagnostics;
using Telephony.Sdk.Errors;
using Telephony.Sdk.Internal;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Resilience;
using Telephony.Sdk.Retry;

namespace Telephony.Sdk.DependencyInjection;

/// <summary>
/// Registers one client, default or named: its options (validated on start), its <see cref="HttpClient"/> with the
/// SDK's handlers, its Refit contract and the <see cref="TelephonyClient"/> itself. Everything is keyed by the name.
/// </summary>
internal static class TelephonyClientRegistration
{
    public static string HttpClientNameFor(string name) =>
        name == Options.DefaultName ? TelephonyServiceCollectionExtensions.HttpClientName : $"{TelephonyServiceCollectionExtensions.HttpClientName}.{name}";

    /// <summary>The name of the client a builder belongs to; <see langword="null"/> if it is not a Telephony client's.</summary>
    public static string? ClientNameFor(IHttpClientBuilder builder)
    {
        var prefix = TelephonyServiceCollectionExtensions.HttpClientName;
        var name = builder.Name == prefix ? Options.DefaultName
            : builder.Name.StartsWith(prefix + ".", StringComparison.Ordinal) ? builder.Name[(prefix.Length + 1)..]
            : null;
        return name is not null && IsRegistered(builder.Services, name) ? name : null;
    }

    public static IHttpClientBuilder Add(IServiceCollection services, string name)
    {
        AddShared(services);
        services.AddOptions<TelephonyClientOptions>(name).ValidateOnStart();

        var httpClientName = HttpClientNameFor(name);
        if (IsRegistered(services, name))
        {
            // Registered before: return the same client's builder instead of adding its handlers twice.
            return services.AddHttpClient(httpClientName);
        }

        if (name == Options.DefaultName)
        {
            services.AddSingleton(sp => new TelephonyClient(sp, name));
        }
        else
        {
            services.AddKeyedSingleton(name, (sp, _) => new TelephonyClient(sp, name));
        }

        services.AddSingleton<IPostConfigureOptions<HttpClientFactoryOptions>>(new SinglePipeline(httpClientName, name));
        services.AddSingleton<IPostConfigureOptions<HttpClientFactoryOptions>>(new RedirectsNotFollowed(httpClientName));
        return services
            .AddHttpClient(httpClientName)
            .ConfigureHttpClient((sp, client) =>
            {
                client.BaseAddress = sp.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>().Get(name).BaseAddress;

                // The resilience pipeline owns every timeout (TelephonyResilienceOptions).
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler(sp => new TelephonyTelemetryHandler(sp.GetRequiredService<TelephonyTelemetry>()))
            .AddHttpMessageHandler(sp => new TelephonyResponseHandler(
                sp.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>(),
                name,
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                TelephonyClientDescription.For(sp, name)))
            .AddHttpMessageHandler(sp => new TelephonyAuthenticationHandler(
                sp.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>(),
                name,
                sp.GetRequiredService<ClientModeDetector>(),
                sp.GetRequiredService<ApiKeyAdvisor>(),
                TelephonyClientDescription.For(sp, name)))
            .AddTelephonyResilience(name)
            .RemoveAllLoggers()
            .AddHttpMessageHandler(sp => new SuccessBodyBuffer(sp.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>(), name))
            .AddHttpMessageHandler(sp => new TelephonyHttpLoggingHandler(
                (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Telephony.Sdk.Http"),
                TelephonyClientDescription.For(sp, name)));
    }

    private static bool IsRegistered(IServiceCollection services, string name) =>
        services.Any(d => d.ServiceType == typeof(TelephonyClient) && Equals(d.ServiceKey, KeyOf(name)));

    private static object? KeyOf(string name) => name == Options.DefaultName ? null : name;

    private static void AddShared(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<TelephonyClientOptions>, ApiKeyFromEnvironment>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelephonyClientOptions>, TelephonyClientOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelephonyClientOptions>, ConfigurationKeysValidator>());
        services.TryAddSingleton(ClientModeDetector.Default);
        services.TryAddSingleton(static sp => new ApiKeyAdvisor(sp.GetService<ILoggerFactory>(), HostEnvironmentName.Get(sp)));
        services.TryAddSingleton(static sp => new TelephonyTelemetry(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<KeyRateLimitRegistry>()));
        services.TryAddSingleton<ITelephonyClientFactory, TelephonyClientFactory>();
        services.TryAddSingleton<KeyRateLimitRegistry>();
    }
}
