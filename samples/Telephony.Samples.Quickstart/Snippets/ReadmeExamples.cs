using System.Text.Json;
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

    // README: "Handling errors"
    public static async Task<decimal?> HandleErrorsAsync(TelephonyClient client, CancellationToken cancellationToken)
    {
        try
        {
            var balance = await client.Account.GetBalanceAsync(cancellationToken);
            return balance.Balance;
        }
        catch (TelephonyAuthenticationException e)
        {
            Console.Error.WriteLine($"Check the API key: {e.ErrorMessage}"); // 401
        }
        catch (TelephonyPermissionException e)
        {
            Console.Error.WriteLine($"This key may not do that: {e.ErrorMessage}"); // 403
        }
        catch (TelephonyRateLimitException e)
        {
            Console.Error.WriteLine($"Rate limited; retry after {e.RetryAfter}"); // 429
        }
        catch (TelephonyServerException e)
        {
            Console.Error.WriteLine($"Telephony.io failed ({(int)e.StatusCode}), request id {e.RequestId}"); // 5xx
        }
        catch (TelephonyApiException e)
        {
            Console.Error.WriteLine($"{(int)e.StatusCode} {e.ErrorCode}: {e.ErrorMessage}"); // any other error status
        }
        catch (TelephonyConnectionException e)
        {
            Console.Error.WriteLine($"Telephony.io is unreachable: {e.Message}");
        }
        catch (TelephonyException e)
        {
            Console.Error.WriteLine(e.Message); // a timeout, or a response that was not the documented JSON
        }

        return null;
    }

    // README: "Calling an endpoint the SDK does not model yet"
    public static async Task<JsonElement> SendUnmodelledRequestAsync(TelephonyClient client)
    {
        // Same authentication, handlers and typed errors as the modelled operations.
        JsonElement json = await client.SendAsync(HttpMethod.Get, "account/balance");
        Console.WriteLine(json.GetProperty("balance").GetDecimal());
        return json;
    }

    // README: "Several accounts"
    public static IServiceProvider SeveralAccounts(IConfiguration configuration, string supportKey)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddTelephonyClient();                                                        // section "Telephony"
        services.AddTelephonyClient("marketing", configuration.GetSection("Telephony:Marketing"));
        services.AddTelephonyClient("support", options => options.ApiKey = supportKey);
        return services.BuildServiceProvider();
    }
}
