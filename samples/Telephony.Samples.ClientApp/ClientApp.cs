using System.Globalization;
using Microsoft.Extensions.Configuration;
using Telephony.Sdk;
using Telephony.Sdk.Testing;

namespace Telephony.Samples.ClientApp;

/// <summary>
/// A client-mode app (built with TelephonyClientMode=Client, as a Blazor WebAssembly or MAUI app would be): it uses the
/// publishable key from appsettings.json against the fake Telephony.io, then shows a secret key being refused
/// before anything is sent.
/// </summary>
public static class ClientApp
{
    public static async Task<int> RunAsync(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);

        await using var server = await TelephonyFakeServer.StartAsync();
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json")
            .Build();

        var publishable = new TelephonyClientOptions { ApiKey = configuration["Telephony:ApiKey"], BaseAddress = server.BaseAddress };
        using (var client = new TelephonyClient(publishable))
        {
            var balance = await client.Account.GetBalanceAsync();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Publishable key {TelephonyApiKey.Parse(publishable.ApiKey!)}: balance {balance.Balance}"));
        }

        // A secret key never gets this far in a real client app: the build fails if one is in its source or files.
        // Here it comes from the test server's constants, to show the run-time check as well.
        var secret = new TelephonyClientOptions { ApiKey = TelephonyFakeServer.SecretTestKey, BaseAddress = server.BaseAddress };
        try
        {
            using var refused = new TelephonyClient(secret);
            output.WriteLine("Unexpected: a secret key was accepted in a client app.");
            return 1;
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"Secret key refused: {e.Message}");
        }

        output.WriteLine($"Requests that reached the server: {server.Requests.Count} (the secret key sent none).");
        return server.Requests.Count == 1 ? 0 : 1;
    }
}
