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
        if (_provider.GetService<TimeProvider>() is not FakeTimeProvider clock)
        {
            await _provider.DisposeAsync();
            return;
        }

        // A test that failed half-way may leave calls in flight. Let their waits run out first; then keep the clock
        // moving while the provider is disposed: the resilience pipeline waits for calls in flight by sleeping a second
        // at a time on this clock (up to 30 s of it), so a clock that stood still would hold the disposal forever.
        clock.Advance(TimeSpan.FromMinutes(10));
        var disposing = _provider.DisposeAsync().AsTask();
        for (var i = 0; i < 1500 && !disposing.IsCompleted; i++)
        {
            await Task.WhenAny(disposing, Task.Delay(20));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        await disposing.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
