using Microsoft.Extensions.Options;
using Telephony.Sdk;
using Telephony.Sdk.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures a <see cref="TelephonyClient"/> through the builder <c>AddTelephonyClient</c> returns.</summary>
public static class TelephonyHttpClientBuilderExtensions
{
    /// <summary>
    /// Configures the options of the client this builder belongs to with the app's services, for example a rate
    /// limiter shared through a store the app already runs. Runs after the configuration given to <c>AddTelephonyClient</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddTelephonyClient</c>.</param>
    /// <param name="configure">Sets <see cref="TelephonyClientOptions"/>; receives the app's service provider.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="builder"/> is not the builder of a Telephony client.</exception>
    public static IHttpClientBuilder ConfigureTelephonyClient(this IHttpClientBuilder builder, Action<TelephonyClientOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var name = TelephonyClientRegistration.ClientNameFor(builder)
            ?? throw new InvalidOperationException(
                $"The HttpClient '{builder.Name}' is not a Telephony client. Call this on the builder that services.AddTelephonyClient(...) returns.");
        builder.Services.AddOptions<TelephonyClientOptions>(name).Configure<IServiceProvider>(configure);
        return builder;
    }
}
