using System.Runtime.InteropServices;
using Telephony.Samples.FakeServer;
using Telephony.Sdk.Testing;

// A fake Telephony.io for curl, other languages' clients, or manual testing:
//   dotnet run --project samples/Telephony.Samples.FakeServer -- --port 5080
// and, to try a client against a server that does not share the API's rate-limit model:
//   ... -- --rate-limit-algorithm leaky-bucket --secret-limit 1200 --burst 100 --rate-limit-headers ietf
// and, for a browser app (samples/Telephony.Samples.Blazor) served from another origin:
//   ... -- --port 5080 --cors-origin http://127.0.0.1:5000
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(FakeServerArguments.Usage);
    return 0;
}

var arguments = FakeServerArguments.Parse(args, out var error);
if (arguments is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(FakeServerArguments.Usage);
    return 2;
}

await using var server = await TelephonyFakeServer.StartAsync(arguments.ApplyTo);
Console.WriteLine($"Fake Telephony.io listening at {server.BaseAddress}");
Console.WriteLine("Test keys (not real keys):");
Console.WriteLine($"  publishable, test: {TelephonyFakeServer.PublishableTestKey}");
Console.WriteLine($"  secret, test:      {TelephonyFakeServer.SecretTestKey}");
Console.WriteLine($"  publishable, live: {TelephonyFakeServer.PublishableLiveKey}");
Console.WriteLine($"  secret, live:      {TelephonyFakeServer.SecretLiveKey}");
Console.WriteLine(arguments.DescribeRateLimits());
Console.WriteLine(arguments.DescribeCors());
Console.WriteLine($"Try: curl -H \"Authorization: Bearer {TelephonyFakeServer.SecretTestKey}\" {server.BaseAddress}account/balance");
Console.WriteLine("Press Ctrl+C to stop.");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

// The fake's web host handles SIGTERM itself (it stops the host and cancels the signal), so ProcessExit never comes:
// without this registration `kill` would leave the process waiting here for good.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C or SIGTERM: fall through to dispose the server.
}

return 0;
