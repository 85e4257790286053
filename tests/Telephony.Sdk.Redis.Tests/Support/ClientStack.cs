using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Telephony.Sdk.Redis.Tests.Support;

/// <summary>One app instance: its own service provider, clock and logs, with a Telephony client pointed at a fake server.</summary>
internal sealed class ClientStack : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private ClientStack(ServiceProvider provider)
    {
        _provider = provider;
        Client = provider.GetRequiredService<TelephonyClient>();
    }

    public TelephonyClient Client { get; }

    public IServiceProvider Services => _provider;

    public IReadOnlyList<FakeLogRecord> Logs => _provider.GetFakeLogCollector().GetSnapshot();

    /// <summary>What this instance shares through Redis (null when the stack does not use Redis).</summary>
    public RedisRateLimitFleet? Fleet => _provider.GetKeyedService<RedisRateLimitFleet>(TelephonyServiceCollectionExtensions.HttpClientName);

    public static ClientStack Create(
        Uri baseAddress,
        string apiKey,
        TimeProvider clock,
        Action<TelephonyClientOptions>? configure = null,
        Action<IHttpClientBuilder>? useRedis = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddFakeLogging();
        var builder = services.AddTelephonyClient(o =>
        {
            o.ApiKey = apiKey;
            o.BaseAddress = baseAddress;
            configure?.Invoke(o);
        });
        useRedis?.Invoke(builder);
        return new ClientStack(services.BuildServiceProvider());
    }

    public int LogCount(int eventId) => Logs.Count(r => r.Id.Id == eventId);

    public async ValueTask DisposeAsync()
    {
        // The resilience pipeline waits for calls in flight before it is disposed; on a fake clock (a test that failed
        // half-way) let their waits run out so that disposing cannot hang.
        if (_provider.GetService<TimeProvider>() is FakeTimeProvider clock)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
        }

        await _provider.DisposeAsync();
    }
}
