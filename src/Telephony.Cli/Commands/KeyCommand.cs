using System.CommandLine;
using System.Globalization;
using Telephony.Cli.Api;
using Telephony.Cli.Keys;
using Telephony.Sdk;

namespace Telephony.Cli.Commands;

/// <summary><c>telephony key inspect [--check]</c>.</summary>
internal static class KeyCommand
{
    public static Command Create()
    {
        var check = new Option<bool>("--check") { Description = "Also call the API once (the balance) and print whether it accepts the key, and the key's rate-limit state." };
        var stdin = new Option<bool>("--stdin") { Description = "Read the key from standard input (the default when TELEPHONY_API_KEY is unset and input is piped)." };
        var baseUrl = ClientSettings.BaseUrlOption();
        var timeout = ClientSettings.TimeoutOption();
        var inspect = new Command(
            "inspect",
            "Print a key's kind (publishable or secret), environment (live or test) and redacted form. The key comes from " +
            "TELEPHONY_API_KEY or standard input, never from the command line. With --check: " + ExitCodes.ApiHelp)
        {
            check, stdin, baseUrl, timeout,
        };
        inspect.SetAction(async (parse, cancellationToken) =>
        {
            var (value, source) = KeyInput.Read(parse.GetValue(stdin), Console.In, out var error);
            if (value is null || !TryParse(value, out var key, out error))
            {
                await Console.Error.WriteLineAsync(error);
                return ExitCodes.Usage;
            }

            Console.WriteLine($"Key:         {key.Redacted} (from {source})");
            Console.WriteLine($"Kind:        {Describe(key.Kind)}");
            Console.WriteLine($"Environment: {key.Environment.ToString().ToLowerInvariant()}");
            return parse.GetValue(check)
                ? await CheckAsync(value, source, parse.GetValue(baseUrl), parse.GetValue(timeout), cancellationToken)
                : ExitCodes.Success;
        });

        return new Command("key", "Inspect a Telephony.io API key without showing it.") { inspect };
    }

    private static bool TryParse(string value, out TelephonyApiKey key, out string? error)
    {
        try
        {
            key = TelephonyApiKey.Parse(value);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            key = default;
            error = e.Message;
            return false;
        }
    }

    private static string Describe(TelephonyApiKeyKind kind) => kind switch
    {
        TelephonyApiKeyKind.Secret => "secret (server-side, full access)",
        TelephonyApiKeyKind.Publishable => "publishable (client-side, limited permissions)",
        _ => "unknown (not a pk_live_, pk_test_, sk_live_ or sk_test_ key)",
    };

    private static async Task<int> CheckAsync(
        string apiKey, string keySource, string? baseUrl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = ClientSettings.CreateClient(apiKey, baseUrl, timeout, out var error);
        if (client is null)
        {
            await Console.Error.WriteLineAsync(error);
            return ExitCodes.Usage;
        }

        var exitCode = ExitCodes.Success;
        try
        {
            await client.Account.GetBalanceAsync(cancellationToken);
            Console.WriteLine("Accepted:    yes (the balance call succeeded)");
        }
        catch (TelephonyException e)
        {
            Console.WriteLine($"Accepted:    {(e is TelephonyAuthenticationException or TelephonyPermissionException ? "no" : "unknown")}");
            exitCode = ApiFailure.Report(e, Console.Error, apiKey, keySource);
        }

        Console.WriteLine($"Rate limit:  {DescribeRateLimit(client.GetRateLimitState())}");
        return exitCode;
    }

    private static string DescribeRateLimit(TelephonyRateLimitState state)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{state.Limit} requests");
        if (state.LimitWindow is { } window)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" per {window.TotalSeconds} s");
        }

        text += state.Source switch
        {
            TelephonyRateLimitSource.DocumentedDefault => " (the documented default)",
            TelephonyRateLimitSource.Configured => " (configured)",
            TelephonyRateLimitSource.ServerHeaders => " (from the server's headers)",
            _ => " (learned from 429 responses)",
        };
        if (state.Remaining is { } remaining)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {remaining} remaining");
        }

        if (state.ResetsAt is { } resets)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", resets at {resets:u}");
        }

        if (state.PausedUntil is { } paused)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", paused until {paused:u} after a 429");
        }

        return text;
    }
}
