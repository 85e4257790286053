using System.CommandLine;
using Telephony.Cli.FakeServer;

namespace Telephony.Cli.Commands;

/// <summary>
/// <c>telephony fake-server</c>: the fake Telephony.io of Telephony.Sdk.Testing. The options are declared here for help
/// and syntax; their values are read by <see cref="FakeServerArguments"/>, the parser the standalone sample uses too.
/// </summary>
internal static class FakeServerCommand
{
    public static Command Create()
    {
        var command = new Command(
            "fake-server",
            "Run a fake Telephony.io on 127.0.0.1 and print its test keys, to try the SDK or your app with no account. " +
            "Stops on Ctrl+C or SIGTERM. Exit codes: 0 stopped; 2 bad arguments.")
        {
            Option("--port", "The port (0: a free one).", "0-65535", "-p"),
            new Option<string[]>("--key")
            {
                Description = "Also accept this test key (pk_test_… or sk_test_), with the default balance; repeatable. A key typed here stays in the shell's history: use made-up keys.",
                HelpName = "KEY",
            },
            Option("--rate-limit-algorithm", "fixed-window (default), sliding-window, token-bucket or leaky-bucket.", "ALGORITHM"),
            Option("--publishable-limit", "Requests per window for a publishable key (default 100).", "N"),
            Option("--secret-limit", "Requests per window for a secret key (default 1000).", "N"),
            new Option<string[]>("--key-limit") { Description = "A limit for one key, printed or added with --key: KEY=N (repeatable).", HelpName = "KEY=N" },
            Option("--window", "The rate-limit window in seconds (default 60).", "SECONDS"),
            Option("--burst", "The bucket's capacity (token-bucket) or burst (leaky-bucket).", "N"),
            new Option<bool>("--no-retry-after") { Description = "Answer 429 without a Retry-After header." },
            Option("--rate-limit-headers", "none (default), x-ratelimit, ietf or policy-only (RateLimit-Policy alone, no count).", "DIALECT"),
            new Option<string[]>("--cors-origin")
            {
                Description = "Let a browser app served from this origin call the server (CORS), e.g. http://127.0.0.1:5000, or * for any; repeatable.",
                HelpName = "ORIGIN",
            },
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var arguments = FakeServerArguments.Parse(RawArguments(parse, command), out var error);
            if (arguments is null)
            {
                await Console.Error.WriteLineAsync($"{error} (telephony fake-server --help lists the options.)");
                return ExitCodes.Usage;
            }

            await FakeServerHost.RunAsync(arguments, Console.Out, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string> Option(string name, string description, string helpName, params string[] aliases) =>
        new(name, aliases) { Description = description, HelpName = helpName };

    // The tokens after the command's own name, as typed: the shared parser reads them.
    private static List<string> RawArguments(ParseResult parse, Command command) =>
        parse.Tokens.SkipWhile(token => token.Value != command.Name).Skip(1).Select(token => token.Value).ToList();
}
