using Telephony.Sdk;
using Telephony.Sdk.Authentication;
using Telephony.Cli.FakeServer;

namespace Telephony.Cli.Keys;

/// <summary>Where the tool takes a key from: <c>TELEPHONY_API_KEY</c> or standard input, never the command line.</summary>
internal static class KeyInput
{
    public const string ArgumentRefusal =
        "Do not give an API key as a command-line argument: it stays in your shell history and other users of this machine " +
        "can read it in the process list. Set " + TelephonyClientOptions.ApiKeyEnvironmentVariable + " or pipe the key on " +
        "standard input (telephony key inspect --stdin < keyfile).";

    /// <summary>
    /// Gets a value indicating whether the command line holds an API key to refuse: any but the fake server's printed keys
    /// (<c>fake-server --key-limit KEY=N</c> names them), and the test keys that <c>fake-server --key</c> and
    /// <c>--key-limit</c> name, which are keys the fake will accept, not credentials sent anywhere.
    /// </summary>
    public static bool HoldKey(IReadOnlyList<string> args) =>
        args.Where((_, i) => !IsFakeServerTestKey(args, i)).Any(HoldsKey);

    /// <summary>Gets a value indicating whether a command-line argument holds an API key (other than the fake server's).</summary>
    public static bool HoldsKey(string argument)
    {
        var rest = FakeServerKeys.Printed.Aggregate(argument, (text, fake) => text.Replace(fake, string.Empty, StringComparison.Ordinal));
        return SecretKeyShape.FindInText(rest, out _, out _) ||
               rest.Split(['=', ':', ' '], StringSplitOptions.RemoveEmptyEntries)
                   .Any(part => TelephonyApiKey.TryParse(part, out var key) && key.Kind != TelephonyApiKeyKind.Unknown);
    }

    private static bool IsFakeServerTestKey(IReadOnlyList<string> args, int index) =>
        index >= 2 && args[0] == "fake-server" && args[index - 1] is "--key" or "--key-limit" &&
        TelephonyApiKey.TryParse(args[index].Split('=')[0], out var key) && key.Environment == TelephonyApiKeyEnvironment.Test;

    /// <summary>
    /// Reads the key: from standard input with <paramref name="fromStandardInput"/> (or when TELEPHONY_API_KEY is unset and
    /// input is piped), else from TELEPHONY_API_KEY. Returns <see langword="null"/> with what to do in <paramref name="error"/>.
    /// </summary>
    public static (string? Key, string Source) Read(bool fromStandardInput, TextReader input, out string? error)
    {
        error = null;
        var fromEnvironment = Environment.GetEnvironmentVariable(TelephonyClientOptions.ApiKeyEnvironmentVariable);
        if (fromStandardInput || (string.IsNullOrEmpty(fromEnvironment) && Console.IsInputRedirected))
        {
            var line = input.ReadLine();
            if (!string.IsNullOrEmpty(line))
            {
                return (line, "standard input");
            }

            if (fromStandardInput)
            {
                error = "--stdin was given but standard input is empty: pipe the key in, e.g. telephony key inspect --stdin < keyfile.";
                return (null, string.Empty);
            }
        }

        if (string.IsNullOrEmpty(fromEnvironment))
        {
            error = $"No API key: set {TelephonyClientOptions.ApiKeyEnvironmentVariable} or pipe the key on standard input (--stdin).";
            return (null, string.Empty);
        }

        return (fromEnvironment, TelephonyClientOptions.ApiKeyEnvironmentVariable);
    }
}
