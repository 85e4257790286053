using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// A <see cref="LoopbackServer"/> in a child process (this app's <c>--serve</c> mode), so the clients under load share
/// neither their heap nor their garbage collector with the server. The child exits when its standard input closes.
/// </summary>
internal sealed class LoopbackServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _stats = new() { Timeout = TimeSpan.FromSeconds(10) };

    private LoopbackServerProcess(Process process, Uri baseAddress, Uri statsAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        StatsAddress = statsAddress;
    }

    public Uri BaseAddress { get; }

    public Uri StatsAddress { get; }

    /// <summary>Gets the CPU time the server process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<LoopbackServerProcess> StartAsync()
    {
        var start = SelfProcess.StartInfo("--serve");
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        var parts = line?.Split(' ');
        if (parts is not ["listening", var api, var stats])
        {
            process.Kill();
            throw new InvalidOperationException($"The server process said \"{line}\" instead of its addresses.");
        }

        return new LoopbackServerProcess(process, new Uri(api), new Uri(stats));
    }

    /// <summary>Runs the server until standard input closes or SIGTERM arrives, or for at most <paramref name="maxLifetime"/>.</summary>
    public static async Task<int> ServeAsync(TimeSpan maxLifetime)
    {
        await using var server = await LoopbackServer.StartAsync();
        Console.WriteLine($"listening {server.BaseAddress} {server.StatsAddress}");
        var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
        await Task.WhenAny(stdinClosed, Task.Delay(maxLifetime, server.Stopping));
        return 0;
    }

    public async Task<ServerStats> GetStatsAsync() =>
        await _stats.GetFromJsonAsync(StatsAddress, ServerStatsJsonContext.Default.ServerStats)
        ?? throw new InvalidOperationException("The server sent no statistics.");

    public async ValueTask DisposeAsync()
    {
        _stats.Dispose();
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}

internal sealed record ServerStats(long Connections, long Requests);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ServerStats))]
internal sealed partial class ServerStatsJsonContext : JsonSerializerContext;
