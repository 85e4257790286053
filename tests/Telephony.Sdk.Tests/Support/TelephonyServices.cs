using Microsoft.Extensions.DependencyInjection;

namespace Telephony.Sdk.Tests.Support;

/// <summary>Builds a container the way an app does: <c>services.AddTelephonyClient(…)</c>, then resolve.</summary>
internal static class TelephonyServices
{
    public static ServiceProvider Build(string? apiKey, Uri baseAddress, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddTelephonyClient(options =>
        {
            options.ApiKey = apiKey;
            options.BaseAddress = baseAddress;

            // One response, one request: these tests pin mapping and headers; retries are covered under Resilience/.
            options.Resilience.MaxRetryAttempts = 0;
        });
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
