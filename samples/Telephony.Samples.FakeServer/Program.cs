using Telephony.Cli.FakeServer;

// A fake Telephony.io for curl, other languages' clients, or manual testing:
//   dotnet run --project samples/Telephony.Samples.FakeServer -- --port 5080
// and, to try a client against a server that does not share the API's rate-limit model:
//   ... -- --rate-limit-algorithm leaky-bucket --secret-limit 1200 --burst 100 --rate-limit-headers ietf
// and, for a browser app (samples/Telephony.Samples.Blazor) served from another origin:
//   ... -- --port 5080 --cors-origin http://127.0.0.1:5000
// The same server ships as `telephony fake-server` (src/Telephony.Cli), whose argument parser and host this sample links.
const string Usage = "Usage: Telephony.Samples.FakeServer [--help] " + FakeServerArguments.Syntax;
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(Usage);
    return 0;
}

var arguments = FakeServerArguments.Parse(args, out var error);
if (arguments is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(Usage);
    return 2;
}

await FakeServerHost.RunAsync(arguments, Console.Out);
return 0;
