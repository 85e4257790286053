using System.Globalization;
using Telephony.Sdk.Testing;

// A fake Telephony.io for curl, other languages' clients, or manual testing:
//   dotnet run --project samples/Telephony.Samples.FakeServer -- --port 5080
var port = 0;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] is "--port" or "-p" && i + 1 < args.Length &&
        int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 65535)
    {
        port = parsed;
        i++;
    }
    else
    {
        Console.Error.WriteLine("Usage: Telephony.Samples.FakeServer [--port <0-65535>]   (0 or none: a free port)");
        return 2;
    }
}

await using var server = await TelephonyFakeServer.StartAsync(options => options.Port = port);
Console.WriteLine($"Fake Telephony.io listening at {server.BaseAddress}");
Console.WriteLine("Test keys (not real keys):");
Console.WriteLine($"  publishable, test: {TelephonyFakeServer.PublishableTestKey}");
Console.WriteLine($"  secret, test:      {TelephonyFakeServer.SecretTestKey}");
Console.WriteLine($"  publishable, live: {TelephonyFakeServer.PublishableLiveKey}");
Console.WriteLine($"  secret, live:      {TelephonyFakeServer.SecretLiveKey}");
Console.WriteLine($"Try: curl -H \"Authorization: Bearer {TelephonyFakeServer.SecretTestKey}\" {server.BaseAddress}account/balance");
Console.WriteLine("Press Ctrl+C to stop.");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C: fall through to dispose the server.
}

return 0;
