using Microsoft.Extensions.Configuration;

namespace Telephony.Sdk.Configuration;

/// <summary>
/// A configuration section a client's options are bound to, registered by each <c>AddTelephonyClient</c> overload that
/// binds one. The unknown-setting check reads it, and so do the messages that say where a client's key is set.
/// </summary>
/// <param name="clientName">The client's name; empty for the default client.</param>
/// <param name="path">The section's path, such as <c>Telephony:Marketing</c>; empty for a configuration root.</param>
/// <param name="resolve">Gets the section, from the app's services when it is the app's own configuration.</param>
internal sealed class ClientConfigurationSection(string clientName, string path, Func<IServiceProvider, IConfiguration> resolve)
{
    public string ClientName { get; } = clientName;

    public string Path { get; } = path;

    public IConfiguration Resolve(IServiceProvider services) => resolve(services);

    public static ClientConfigurationSection Of(string clientName, IConfiguration configuration) =>
        new(clientName, configuration is IConfigurationSection section ? section.Path : string.Empty, _ => configuration);
}
