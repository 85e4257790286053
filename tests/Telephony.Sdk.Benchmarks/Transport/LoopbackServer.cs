using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// A minimal Kestrel server on 127.0.0.1 answering <c>GET /api/account/balance</c> with <c>{"balance":1234.56}</c> to any
/// bearer key (no rate limit). It counts the TCP connections accepted on its API port; a second port answers
/// <c>{"connections":N,"requests":N}</c>, so asking for the counts never opens a counted connection.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private static readonly byte[] Body = """{"balance":1234.56}"""u8.ToArray();

    private readonly WebApplication _app;
    private readonly Counters _counters;

    private LoopbackServer(WebApplication app, Counters counters, int apiPort, int statsPort)
    {
        _app = app;
        _counters = counters;
        BaseAddress = new Uri($"http://127.0.0.1:{apiPort.ToString(CultureInfo.InvariantCulture)}/api/");
        StatsAddress = new Uri($"http://127.0.0.1:{statsPort.ToString(CultureInfo.InvariantCulture)}/stats");
    }

    public Uri BaseAddress { get; }

    public Uri StatsAddress { get; }

    /// <summary>Gets a token cancelled when the host stops, for example on SIGTERM.</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public long Connections => Interlocked.Read(ref _counters.Connections);

    public long Requests => Interlocked.Read(ref _counters.Requests);

    public static async Task<LoopbackServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var counters = new Counters();
        ListenOptions? api = null;
        ListenOptions? stats = null;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                api = listen;
                listen.Use(next => connection =>
                {
                    Interlocked.Increment(ref counters.Connections);
                    return next(connection);
                });
            });
            kestrel.Listen(IPAddress.Loopback, 0, listen => stats = listen);
        });

        var app = builder.Build();
        var apiPort = 0;
        app.Run(context => context.Connection.LocalPort == apiPort ? AnswerApi(context, counters) : AnswerStats(context, counters));
        await app.StartAsync(cancellationToken);

        // Kestrel writes the port it bound (for port 0) back into the listen options.
        apiPort = api!.IPEndPoint!.Port;
        return new LoopbackServer(app, counters, apiPort, stats!.IPEndPoint!.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Task AnswerApi(HttpContext context, Counters counters)
    {
        Interlocked.Increment(ref counters.Requests);
        var response = context.Response;
        if (!context.Request.Path.Equals("/api/account/balance", StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        response.ContentType = "application/json";
        response.ContentLength = Body.Length;
        return response.Body.WriteAsync(Body, 0, Body.Length, context.RequestAborted);
    }

    private static Task AnswerStats(HttpContext context, Counters counters)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"connections":{{Interlocked.Read(ref counters.Connections)}},"requests":{{Interlocked.Read(ref counters.Requests)}}}"""));
    }

    private sealed class Counters
    {
        public long Connections;
        public long Requests;
    }
}
