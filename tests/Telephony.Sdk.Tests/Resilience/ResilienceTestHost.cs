using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.Resilience;

/// <summary>A fake server and a DI-built client sharing one fake clock, plus a record of every attempt on the wire.</summary>
internal sealed class ResilienceTestHost : IAsyncDisposable
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(17);
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromMinutes(10);

    private readonly ServiceProvider _provider;

    private ResilienceTestHost(TelephonyFakeServer server, ServiceProvider provider, ObservableTimeProvider clock, AttemptRecorder attempts)
    {
        Server = server;
        _provider = provider;
        Clock = clock;
        Attempts = attempts;
        Client = provider.GetRequiredService<TelephonyClient>();
    }

    public TelephonyFakeServer Server { get; }

    public ObservableTimeProvider Clock { get; }

    public AttemptRecorder Attempts { get; }

    public TelephonyClient Client { get; }

    public IServiceProvider Services => _provider;

    public static async Task<ResilienceTestHost> StartAsync(
        string apiKey = TelephonyFakeServer.SecretTestKey,
        Action<TelephonyClientOptions>? configure = null,
        Action<TelephonyFakeServerOptions>? configureServer = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var clock = new ObservableTimeProvider();
        var server = await TelephonyFakeServer.StartAsync(o =>
        {
            o.TimeProvider = clock;
            configureServer?.Invoke(o);
        });

        var attempts = new AttemptRecorder();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        configureServices?.Invoke(services);
        services.AddTelephonyClient(o =>
        {
            o.ApiKey = apiKey;
            o.BaseAddress = server.BaseAddress;

            // Distinctive timeouts, so their timers are never mistaken for the waits a test looks for.
            o.Resilience.AttemptTimeout = AttemptTimeout;
            o.Resilience.TotalTimeout = TotalTimeout;
            configure?.Invoke(o);
        }).AddHttpMessageHandler(() => attempts);
        return new ResilienceTestHost(server, services.BuildServiceProvider(), clock, attempts);
    }

    public async ValueTask DisposeAsync()
    {
        await FakeClockServices.DisposeAsync(_provider, Clock);
        await Server.DisposeAsync();
    }
}
