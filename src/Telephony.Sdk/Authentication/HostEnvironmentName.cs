using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Telephony.Sdk.Authentication;

/// <summary>The host environment (Development, Staging, Production…), from the Generic Host or the usual variables.</summary>
internal static class HostEnvironmentName
{
    public static string? Get(IServiceProvider services) =>
        services.GetService<IHostEnvironment>()?.EnvironmentName
        ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
        ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT");
}
