using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>
/// A bare TCP server on 127.0.0.1 for the failures WireMock.Net cannot produce: its faults always finish a
/// well-framed response, and a delayed WireMock response holds the server's shutdown for the whole delay.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<Socket, CancellationToken, Task> _answer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly TaskCompletionSource _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requestCount;
    private int _disposed;

    private RawHttpServer(Func<Socket, CancellationToken, Task> answer)
    {
        _answer = answer;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/api/");

    /// <summary>Gets the number of request heads the server received.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Gets a task that completes when the first request head has arrived.</summary>
    public Task FirstRequest => _firstRequest.Task;

    /// <summary>Sends a status line and headers promising <paramref name="declaredLength"/> bytes, part of the body, then a TCP reset.</summary>
    public static RawHttpServer ResetMidBody(int status, string partialBody, int declaredLength = 4096) =>
        new(async (socket, ct) =>
        {
            await SendAsync(socket, Head(status, declaredLength) + partialBody, ct);
            socket.LingerState = new LingerOption(enable: true, seconds: 0);
            socket.Close();
        });

    /// <summary>Sends a status line and headers for a chunked body (no Content-Length), one chunk, then closes the connection.</summary>
    public static RawHttpServer EndMidChunkedBody(int status, string firstChunk) =>
        new(async (socket, ct) =>
        {
            var head = $"HTTP/1.1 {status} Status\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            await SendAsync(socket, $"{head}{Encoding.UTF8.GetByteCount(firstChunk):x}\r\n{firstChunk}\r\n", ct);
            socket.Shutdown(SocketShutdown.Both);
            socket.Close();
        });

    /// <summary>
    /// Cuts the success body of the first <paramref name="cut"/> requests short (a reset mid-body with a Content-Length, or
    /// a chunked body whose connection closes after one chunk), then answers <paramref name="body"/> whole.
    /// </summary>
    public static RawHttpServer CutsFirstBodies(int cut, string body, bool chunked)
    {
        var answered = 0;
        return new(async (socket, ct) =>
        {
            if (Interlocked.Increment(ref answered) > cut)
            {
                await SendAsync(socket, Head(200, Encoding.UTF8.GetByteCount(body)) + body, ct);
                return;
            }

            var half = body[..(body.Length / 2)];
            if (chunked)
            {
                var head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
                await SendAsync(socket, $"{head}{Encoding.UTF8.GetByteCount(half):x}\r\n{half}\r\n", ct);
                socket.Shutdown(SocketShutdown.Both);
            }
            else
            {
                await SendAsync(socket, Head(200, Encoding.UTF8.GetByteCount(body)) + half, ct);
                socket.LingerState = new LingerOption(enable: true, seconds: 0);
            }

            socket.Close();
        });
    }

    /// <summary>Sends a status line and headers declaring <paramref name="declaredLength"/> bytes and no body (a HEAD answer), then keeps the connection.</summary>
    public static RawHttpServer HeadersOnly(int status, int declaredLength) =>
        new(async (socket, ct) =>
        {
            await SendAsync(socket, Head(status, declaredLength), ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

    /// <summary>Sends a status line, headers and part of the body, then neither finishes nor closes.</summary>
    public static RawHttpServer StallMidBody(int status, string partialBody) =>
        new(async (socket, ct) =>
        {
            await SendAsync(socket, Head(status, 4096) + partialBody, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

    /// <summary>Reads the request and never answers.</summary>
    public static RawHttpServer NeverAnswer() =>
        new(static (_, ct) => Task.Delay(Timeout.Infinite, ct));

    public TelephonyClient CreateClient(string apiKey) =>
        new(MappingClientOptions.Create(apiKey, BaseAddress));

    /// <summary>Stops listening and closes every connection; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
            // Stopping is the expected end of the loop.
        }

        _stopping.Dispose();
    }

    private static string Head(int status, int declaredLength) =>
        $"HTTP/1.1 {status} Status\r\nContent-Type: application/json\r\nContent-Length: {declaredLength}\r\n\r\n";

    private static async Task SendAsync(Socket socket, string text, CancellationToken ct) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, ct);

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stopping.Token);
                connections.Add(ServeAsync(socket, _stopping.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The listener was stopped.
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket socket, CancellationToken ct)
    {
        using (socket)
        {
            try
            {
                await ReadHeadAsync(socket, ct);
                Interlocked.Increment(ref _requestCount);
                _firstRequest.TrySetResult();
                await _answer(socket, ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server is stopping.
            }
        }
    }

    private static async Task ReadHeadAsync(Socket socket, CancellationToken ct)
    {
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (read == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }
}
