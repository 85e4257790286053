using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Telephony.Sdk.Testing;

/// <summary>
/// A fake Telephony.io API: a real HTTP server on 127.0.0.1 that behaves like the documented API, for integration
/// tests and samples that must run with no account and no network.
/// </summary>
/// <example>
/// <code>
/// await using var server = await TelephonyFakeServer.StartAsync();
/// using var client = new TelephonyClient(new TelephonyClientOptions
/// {
///     ApiKey = TelephonyFakeServer.SecretTestKey,
///     BaseAddress = server.BaseAddress,
/// });
/// </code>
/// </example>
public sealed class TelephonyFakeServer : IAsyncDisposable
{
    /// <summary>A publishable (client-side) test key the server accepts by default. It is not a real key.</summary>
    public const string PublishableTestKey = "pk_test_fake0000000000000000000001";

    /// <summary>A secret (server-side) test key the server accepts by default. It is not a real key.</summary>
    public const string SecretTestKey = "sk_test_fake0000000000000000000001";

    /// <summary>A publishable live-mode key the server accepts by default. It is not a real key.</summary>
    public const string PublishableLiveKey = "pk_live_fake0000000000000000000001";

    /// <summary>A secret live-mode key the server accepts by default. It is not a real key.</summary>
    public const string SecretLiveKey = "sk_live_fake0000000000000000000001";

    /// <summary>The balance of each default test key's account.</summary>
    public const decimal DefaultBalance = 1234.56m;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, decimal> _balances;
    private readonly FakeRequestJournal _journal;

    private TelephonyFakeServer(
        WebApplication app, ConcurrentDictionary<string, decimal> balances, FakeRequestJournal journal, FakeServerFaults faults, Uri baseAddress)
    {
        _app = app;
        _balances = balances;
        _journal = journal;
        Faults = faults;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the API's base address, e.g. <c>http://127.0.0.1:54321/api/</c>; use it as <see cref="TelephonyClientOptions.BaseAddress"/>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// Gets the requests received so far, oldest first, with their redacted keys and the statuses answered: all of them up
    /// to <see cref="TelephonyFakeServerOptions.RequestLogLimit"/>, then the last that many (see <see cref="RequestCounts"/>
    /// for all of them). A request is here before any of its answer reaches the client, so a test that has a call's result
    /// finds every request the call made.
    /// </summary>
    public IReadOnlyList<FakeRequest> Requests => _journal.Last();

    /// <summary>Gets how many requests were received so far, in all, per key and per status, however many <see cref="Requests"/> keeps.</summary>
    public FakeRequestCounts RequestCounts => _journal.Counts();

    /// <summary>Gets the faults to inject into the next requests (error statuses, delays, dropped connections).</summary>
    public FakeServerFaults Faults { get; }

    /// <summary>Starts a server on 127.0.0.1.</summary>
    /// <param name="configure">Adjusts the server's settings, e.g. its keys and balances.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server. Dispose it to stop it.</returns>
    public static async Task<TelephonyFakeServer> StartAsync(
        Action<TelephonyFakeServerOptions>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var options = new TelephonyFakeServerOptions();
        configure?.Invoke(options);
        options.Validate();
        var balances = new ConcurrentDictionary<string, decimal>(options.Keys, StringComparer.Ordinal);
        var journal = new FakeRequestJournal(options.RequestLogLimit);
        var faults = new FakeServerFaults();
        var endpoints = new FakeApiEndpoints(options, balances, faults, journal);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, ProcessSignalsLeftAlone>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var cors = FakeServerCors.Policy(options.CorsOrigins);
        if (cors is not null)
        {
            builder.Services.AddCors();
        }

        var app = builder.Build();
        if (cors is not null)
        {
            // Answers preflights itself (they never reach the endpoints or the journal) and adds the CORS headers to every answer.
            app.UseCors(cors);
        }

        app.Run(endpoints.HandleAsync);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TelephonyFakeServer(app, balances, journal, faults, new Uri(new Uri(address), "/api/"));
    }

    /// <summary>Adds a key, or changes the balance of a known one, while the server runs.</summary>
    /// <param name="apiKey">The key to accept.</param>
    /// <param name="balance">The balance of its account.</param>
    public void SetBalance(string apiKey, decimal balance)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        _balances[apiKey] = balance;
    }

    /// <summary>Stops accepting a key: its requests get 401 from now on (a revoked or rotated key).</summary>
    /// <param name="apiKey">The key to revoke.</param>
    /// <returns><see langword="true"/> if the key was known.</returns>
    public bool RevokeKey(string apiKey) => _balances.TryRemove(apiKey, out _);

    /// <summary>Forgets the recorded requests and resets <see cref="RequestCounts"/>.</summary>
    public void ClearRequests() => _journal.Clear();

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
