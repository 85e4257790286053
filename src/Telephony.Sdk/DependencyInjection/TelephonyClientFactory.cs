using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Telephony.Sdk.DependencyInjection;

/// <summary>Resolves named clients, which are keyed singletons; the default client is the unkeyed one.</summary>
internal sealed class TelephonyClientFactory(IServiceProvider services) : ITelephonyClientFactory
{
    public TelephonyClient CreateClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var client = name == Options.DefaultName
            ? services.GetService<TelephonyClient>()
            : services.GetKeyedService<TelephonyClient>(name);
        return client ?? throw new InvalidOperationException(
            $"No Telephony client named '{name}' is registered. Register it with services.AddTelephonyClient(\"{name}\", …).");
    }
}
