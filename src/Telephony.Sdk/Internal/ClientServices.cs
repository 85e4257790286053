using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Telephony.Sdk.Internal;

/// <summary>
/// Resolves what a call needs. Options are validated on first use when the app did not validate them at startup;
/// that failure reaches the caller as a <see cref="TelephonyConfigurationException"/>, like every other SDK failure.
/// </summary>
internal static class ClientServices
{
    public static T Resolve<T>(Func<T> resolve)
    {
        try
        {
            return resolve();
        }
        catch (OptionsValidationException e)
        {
            throw ConfigurationFailure(e);
        }
    }

    public static HttpClient HttpClient(IServiceProvider services, string httpClientName) =>
        Resolve(() => services.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName));

    public static TelephonyConfigurationException ConfigurationFailure(OptionsValidationException exception) =>
        new(string.Join(" ", exception.Failures), exception);
}
