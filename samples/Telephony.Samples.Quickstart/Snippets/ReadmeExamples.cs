using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk;

namespace Telephony.Samples.Quickstart.Snippets;

/// <summary>The code shown in the README, kept here so that it compiles with every build.</summary>
internal static class ReadmeExamples
{
    // README: "Quick start without dependency injection"
    public static async Task WithoutDependencyInjectionAsync()
    {
        // The key comes from the TELEPHONY_API_KEY environment variable when none is given.
        using var client = new TelephonyClient(new TelephonyClientOptions());

        AccountBalance balance = await client.Account.GetBalanceAsync();
        Console.WriteLine($"Balance: {balance.Balance}");
    }

    // README: "Quick start with dependency injection"
    public static IServiceProvider WithDependencyInjection(IConfiguration configuration)
    {
        var services = new ServiceCollection();

        // Binds { "ApiKey": "…", "BaseAddress": "…" } from the "Telephony" section; validated at startup.
        services.AddTelephonyClient(configuration.GetSection("Telephony"));

        // Or in code:
        // services.AddTelephonyClient(options => options.ApiKey = secrets.TelephonyKey);
        return services.BuildServiceProvider();
    }

    // README: "Handling a rejected key"
    public static async Task<int> HandleRejectedKeyAsync(TelephonyClient client)
    {
        try
        {
            var balance = await client.Account.GetBalanceAsync();
            Console.WriteLine($"Balance: {balance.Balance}");
            return 0;
        }
        catch (TelephonyAuthenticationException e)
        {
            // 401: e.ErrorCode is "unauthorized", e.ErrorMessage is the server's message. The key is never in e.
            Console.Error.WriteLine($"Telephony.io rejected the API key: {e.ErrorMessage}");
            return 1;
        }
    }
}
