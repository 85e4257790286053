using System.CommandLine;
using System.Globalization;
using Telephony.Cli.Api;
using Telephony.Cli.Keys;
using Telephony.Sdk;

namespace Telephony.Cli.Commands;

/// <summary><c>telephony balance</c>: one balance call with the configured key.</summary>
internal static class BalanceCommand
{
    public static Command Create()
    {
        var stdin = new Option<bool>("--stdin") { Description = "Read the key from standard input instead of TELEPHONY_API_KEY." };
        var baseUrl = ClientSettings.BaseUrlOption();
        var timeout = ClientSettings.TimeoutOption();
        var command = new Command(
            "balance",
            "Print the account's balance: one call with the key in TELEPHONY_API_KEY (or on standard input). On failure prints " +
            "the SDK's error message. " + ExitCodes.ApiHelp)
        {
            stdin, baseUrl, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (key, source) = KeyInput.Read(parse.GetValue(stdin), Console.In, out var error);
            using var client = key is null ? null : ClientSettings.CreateClient(key, parse.GetValue(baseUrl), parse.GetValue(timeout), out error);
            if (client is null)
            {
                await Console.Error.WriteLineAsync(error);
                return ExitCodes.Usage;
            }

            try
            {
                var balance = await client.Account.GetBalanceAsync(cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Balance: {balance.Balance}"));
                return ExitCodes.Success;
            }
            catch (TelephonyException e)
            {
                return ApiFailure.Report(e, Console.Error, key!, source);
            }
        });
        return command;
    }
}
