using Telephony.Sdk;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Testing;

namespace Telephony.Cli.Keys;

/// <summary>Where the tool takes a key from: <c>TELEPHONY_API_KEY</c> or standard input, never the command line.</summary>
internal static class KeyInput
{
    public const string ArgumentRefusal =
        "Do not give an API key as a command-line argument: it stays in your shell history and other users of this machine " +
        "can read it in the process list. Set " + TelephonyClientOptions.ApiKeyEnvironmentVariable + " or pipe the key on " +
        "standard input (telephony key inspect --stdin < keyfile).";

    // The fake server's published test keys are not secrets: `fake-server --key-limit KEY=N` names them.
    private static readonly string[] FakeKeys =
    [
        TelephonyFakeServer.PublishableTestKey, TelephonyFakeServer.SecretTestKey,
        TelephonyFakeServer.PublishableLiveKey, TelephonyFakeServer.SecretLiveKey,
    ];

    /// <summary>Gets a value indicating whether a command-line argument holds an API key (other than the fake server's).</summary>
    public static bool HoldsKey(string argument)
    {
        var rest = FakeKeys.Aggregate(argument, (text, fake) => text.Replace(fake, string.Empty, StringComparison.Ordinal));
        return SecretKeyShape.FindInText(rest, out _, out _) ||
               rest.Split(['=', ':', ' '], StringSplitOptions.RemoveEmptyEntries)
                   .Any(part => TelephonyApiKey.TryParse(part, out var key) && key.Kind != TelephonyApiKeyKind.Unknown);
    }

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
