using System.Globalization;
using Telephony.Sdk;
using Telephony.Sdk.Testing;

namespace Telephony.Samples.Quickstart;

/// <summary>
/// Fetches the account balance. With <c>TELEPHONY_API_KEY</c> set it calls the real API (or <c>TELEPHONY_BASE_URL</c>);
/// without it, it starts the fake Telephony.io server from Telephony.Sdk.Testing and uses its test key.
/// </summary>
public static class QuickstartApp
{
    public const string BaseUrlVariable = "TELEPHONY_BASE_URL";

    public static async Task<int> RunAsync(Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var apiKey = environment(TelephonyClientOptions.ApiKeyEnvironmentVariable);
        var baseUrl = environment(BaseUrlVariable);
        await using var fakeServer = string.IsNullOrWhiteSpace(apiKey) ? await TelephonyFakeServer.StartAsync() : null;

        var options = new TelephonyClientOptions();
        if (fakeServer is not null)
        {
            output.WriteLine($"No {TelephonyClientOptions.ApiKeyEnvironmentVariable} set: using the built-in fake Telephony.io at {fakeServer.BaseAddress} with a test key.");
            options.ApiKey = TelephonyFakeServer.SecretTestKey;
            options.BaseAddress = fakeServer.BaseAddress;
        }
        else
        {
            options.ApiKey = apiKey;
            if (!string.IsNullOrWhiteSpace(baseUrl))
            {
                if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var address))
                {
                    error.WriteLine($"{BaseUrlVariable} must be an absolute URL such as https://www.telephony.io/api/.");
                    return 2;
                }

                options.BaseAddress = address;
            }
        }

        try
        {
            using var client = new TelephonyClient(options);
            var balance = await client.Account.GetBalanceAsync();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Balance: {balance.Balance}"));
            return 0;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"Configuration error: {e.Message}");
            return 2;
        }
        catch (TelephonyAuthenticationException e)
        {
            error.WriteLine($"Authentication failed: {e.ErrorMessage ?? e.Message}");
            return 1;
        }
        catch (TelephonyException e)
        {
            error.WriteLine($"The call failed: {e.Message}");
            return 1;
        }
    }
}
