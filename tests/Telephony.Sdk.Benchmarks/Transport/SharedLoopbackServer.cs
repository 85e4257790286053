namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// Where the loopback benchmarks send their requests. The BenchmarkDotNet host process starts a
/// <see cref="LoopbackServer"/> and passes its address to the benchmark processes in an environment variable; a process
/// started without one (the smoke run) starts its own server.
/// </summary>
public static class SharedLoopbackServer
{
    public const string EnvironmentVariable = "TELEPHONY_BENCHMARK_SERVER";

    private static readonly Lazy<Uri> Address = new(Resolve);

    private static LoopbackServer? s_ownServer;

    public static Uri BaseAddress => Address.Value;

    /// <summary>Starts a server in this process and publishes it to child processes.</summary>
    public static async Task<LoopbackServer> StartForChildProcessesAsync()
    {
        var server = await LoopbackServer.StartAsync();
        Environment.SetEnvironmentVariable(EnvironmentVariable, server.BaseAddress.AbsoluteUri);
        return server;
    }

    public static async Task StopOwnServerAsync()
    {
        if (s_ownServer is not null)
        {
            await s_ownServer.DisposeAsync();
        }
    }

    private static Uri Resolve()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } address)
        {
            return new Uri(address);
        }

        s_ownServer = LoopbackServer.StartAsync().GetAwaiter().GetResult();
        return s_ownServer.BaseAddress;
    }
}
