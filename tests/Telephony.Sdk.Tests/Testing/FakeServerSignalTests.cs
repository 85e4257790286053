using System.Diagnostics;
using System.Globalization;
using Telephony.Sdk.Tests.Readme;

namespace Telephony.Sdk.Tests.Testing;

/// <summary>
/// An app that runs the fake until it is stopped, as the README shows it (start it, print its address, wait forever),
/// ends on Ctrl+C (SIGINT) and on SIGTERM: the fake does not take the process's signals for its own web host.
/// </summary>
public sealed class FakeServerSignalTests : IDisposable
{
    private const string ReadyLine = "Ctrl+C stops it.";

    private const string App = """
        using Telephony.Sdk.Testing;

        await using var server = await TelephonyFakeServer.StartAsync();
        Console.WriteLine($"Fake Telephony.io at {server.BaseAddress}; test key {TelephonyFakeServer.SecretTestKey}. Ctrl+C stops it.");
        await Task.Delay(Timeout.Infinite);
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "telephony-signal-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("INT", 2)]
    [InlineData("TERM", 15)]
    public async Task AppWaitingForever_Signal_Exits(string signal, int number)
    {
        // A process that was started with a signal ignored (a background job of a non-interactive shell ignores SIGINT)
        // passes that on to its children, which then cannot be stopped by it whatever they do.
        Assert.SkipWhen(IsIgnoredHere(number), $"SIG{signal} is ignored by this test process, so by the app it starts.");
        var app = SnippetCompiler.EmitConsoleApp(App, _directory);
        using var process = Process.Start(new ProcessStartInfo("dotnet", [app]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            bound.CancelAfter(TimeSpan.FromMinutes(1));
            var line = await process.StandardOutput.ReadLineAsync(bound.Token);
            if (line?.EndsWith(ReadyLine, StringComparison.Ordinal) != true)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"the app did not start: {line}\n{await process.StandardError.ReadToEndAsync(bound.Token)}");
            }

            using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(bound.Token);
            }

            // Bounded, not a sleep: before the fix the process never ended.
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(5)), $"the app was still running 5 s after SIG{signal}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static bool IsIgnoredHere(int signal)
    {
        const string Status = "/proc/self/status";
        var ignored = File.Exists(Status)
            ? File.ReadLines(Status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))
            : null;
        return ignored is not null &&
               (ulong.Parse(ignored["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << (signal - 1))) != 0;
    }
}
