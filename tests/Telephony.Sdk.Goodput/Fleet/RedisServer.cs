using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Telephony.Sdk.Goodput.Fleet;

/// <summary>A private <c>redis-server</c> on 127.0.0.1 and a free port, without persistence; disposing it stops it.</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port) => (_process, Configuration) = (process, $"127.0.0.1:{port}");

    /// <summary>Gets the StackExchange.Redis configuration string.</summary>
    public string Configuration { get; }

    public static async Task<RedisServer> StartAsync()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = RealLimiter.FreePort();
            var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true };
            foreach (var argument in new[] { "--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning" })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
            var server = new RedisServer(process, port);
            for (var i = 0; i < 100 && !process.HasExited; i++)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    return server;
                }
                catch (SocketException)
                {
                    await Task.Delay(50);
                }
            }

            await server.DisposeAsync();
        }

        throw new InvalidOperationException("redis-server did not start on 127.0.0.1");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}
