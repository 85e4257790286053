using System.Runtime.InteropServices;
using Telephony.Sdk.Testing;

namespace Telephony.Cli.FakeServer;

/// <summary>
/// Runs the fake Telephony.io until Ctrl+C or SIGTERM: starts it on 127.0.0.1, prints its address and test keys, and
/// stops it. Shared by <c>telephony fake-server</c> and the standalone sample.
/// </summary>
internal static class FakeServerHost
{
    public const string ReadyLine = "Press Ctrl+C to stop.";

    public static async Task RunAsync(FakeServerArguments arguments, TextWriter output, CancellationToken cancellationToken = default)
    {
        await using var server = await TelephonyFakeServer.StartAsync(arguments.ApplyTo, cancellationToken);

        // Both handlers are in place before the ready line is printed: a script that stops the server as soon as it reads
        // that line must not meet the signal's default action (exit code 143, the server not disposed).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancelKey = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancelKey;

        // SIGTERM, as `kill` or a container runtime sends it: handled like Ctrl+C, so the server is disposed and the exit
        // code is 0 rather than the signal's.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        await output.WriteLineAsync($"Fake Telephony.io listening at {server.BaseAddress}");
        await output.WriteLineAsync("Test keys (not real keys):");
        await output.WriteLineAsync($"  publishable, test: {TelephonyFakeServer.PublishableTestKey}");
        await output.WriteLineAsync($"  secret, test:      {TelephonyFakeServer.SecretTestKey}");
        await output.WriteLineAsync($"  publishable, live: {TelephonyFakeServer.PublishableLiveKey}");
        await output.WriteLineAsync($"  secret, live:      {TelephonyFakeServer.SecretLiveKey}");
        foreach (var line in arguments.DescribeAddedKeys())
        {
            await output.WriteLineAsync(line);
        }

        await output.WriteLineAsync(arguments.DescribeRateLimits());
        await output.WriteLineAsync(arguments.DescribeCors());
        await output.WriteLineAsync(
            $"Try: curl -H \"Authorization: Bearer {TelephonyFakeServer.SecretTestKey}\" {server.BaseAddress}account/balance");
        await output.WriteLineAsync(ReadyLine);
        await output.FlushAsync(cancellationToken);

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: fall through to stop the server.
        }
        finally
        {
            Console.CancelKeyPress -= onCancelKey;
        }
    }
}
