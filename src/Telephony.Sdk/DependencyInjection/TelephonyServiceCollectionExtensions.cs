using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Telephony.Sdk;
using Telephony.Sdk.Configuration;
using Telephony.Sdk.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="TelephonyClient"/> in a service collection.</summary>
public static class TelephonyServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> of the default client, for <c>IHttpClientFactory</c> configuration.</summary>
    public const string HttpClientName = "Telephony.Sdk";

    /// <summary>The configuration section <see cref="AddTelephonyClient(IServiceCollection)"/> binds.</summary>
    public const string ConfigurationSectionName = "Telephony";

    /// <summary>
    /// Registers the default <see cref="TelephonyClient"/>, bound to the <c>Telephony</c> section of the app's
    /// <see cref="IConfiguration"/> (appsettings, environment variables such as <c>Telephony__ApiKey</c>, user secrets).
    /// A setting the SDK does not know (a misspelling) fails startup with its path and the nearest valid name; the
    /// subsections of named clients bound with <c>configuration.GetSection("Telephony:&lt;Name&gt;")</c> are theirs.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder of the SDK's <see cref="HttpClient"/>, to add handlers or change the primary handler.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddTelephonyClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Unknown keys are reported by the SDK's own check, which knows the sections of named clients (see ConfigurationKeysValidator).
        TelephonyOptionsBinding.Add(services, Options.Options.DefaultName, static sp => sp.GetRequiredService<IConfiguration>().GetSection(ConfigurationSectionName));
        services.AddSingleton(new ClientConfigurationSection(
            Options.Options.DefaultName,
            ConfigurationSectionName,
            static sp => sp.GetRequiredService<IConfiguration>().GetSection(ConfigurationSectionName)));
        return TelephonyClientRegistration.Add(services, Options.Options.DefaultName);
    }

    /// <summary>
    /// Registers the default <see cref="TelephonyClient"/> configured in code. Settings are validated when the host starts.
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
        return TelephonyClientRegistration.Add(services, Options.Options.DefaultName);
    }

    /// <summary>
    /// Registers the default <see cref="TelephonyClient"/> bound to a configuration section shaped like
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

        TelephonyOptionsBinding.Add(services, Options.Options.DefaultName, _ => configuration);
        services.AddSingleton(ClientConfigurationSection.Of(Options.Options.DefaultName, configuration));
        return TelephonyClientRegistration.Add(services, Options.Options.DefaultName);
    }

    /// <summary>
    /// Registers a named <see cref="TelephonyClient"/> (another account or environment) configured in code. Resolve it
    /// with <see cref="ITelephonyClientFactory.CreateClient(string)"/> or as a keyed service
    /// (<c>[FromKeyedServices("name")] TelephonyClient client</c>). It reads only what <paramref name="configure"/> sets:
    /// not the <c>Telephony</c> section, not <c>TELEPHONY_API_KEY</c>, and its <c>BaseAddress</c> is the production API
    /// unless set here.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name, such as <c>marketing</c>.</param>
    /// <param name="configure">Sets the client's <see cref="TelephonyClientOptions"/>.</param>
    /// <returns>The builder of this client's <see cref="HttpClient"/> (named <c>Telephony.Sdk.&lt;name&gt;</c>).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank.</exception>
    public static IHttpClientBuilder AddTelephonyClient(this IServiceCollection services, string name, Action<TelephonyClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<TelephonyClientOptions>(name).Configure(configure);
        return TelephonyClientRegistration.Add(services, name);
    }

    /// <summary>
    /// Registers a named <see cref="TelephonyClient"/> bound to a configuration section, e.g.
    /// <c>configuration.GetSection("Telephony:Marketing")</c>. A setting the SDK does not know fails startup.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name, such as <c>marketing</c>.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <returns>The builder of this client's <see cref="HttpClient"/> (named <c>Telephony.Sdk.&lt;name&gt;</c>).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank.</exception>
    public static IHttpClientBuilder AddTelephonyClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);

        TelephonyOptionsBinding.Add(services, name, _ => configuration);
        services.AddSingleton(ClientConfigurationSection.Of(name, configuration));
        return TelephonyClientRegistration.Add(services, name);
    }
}
