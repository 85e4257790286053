using System.CommandLine;
using System.CommandLine.Invocation;
using Telephony.Cli;
using Telephony.Cli.Commands;
using Telephony.Cli.Keys;

// A key typed on the command line is refused before anything parses it, so no parse error can echo it.
if (KeyInput.HoldKey(args))
{
    Console.Error.WriteLine(KeyInput.ArgumentRefusal);
    return ExitCodes.Usage;
}

var root = new RootCommand(
    "telephony: inspect and check a Telephony.io API key, fetch the balance, scan a repository for committed secret keys, " +
    "and run a fake Telephony.io. " + ExitCodes.Help)
{
    KeyCommand.Create(),
    BalanceCommand.Create(),
    ScanCommand.Create(),
    FakeServerCommand.Create(),
};

var parse = root.Parse(args);
var exitCode = await parse.InvokeAsync();

// A usage error (unknown option, missing value) exits with the documented code, not System.CommandLine's 1, which means "found".
return parse.Action is ParseErrorAction ? ExitCodes.Usage : exitCode;
