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
        });
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
