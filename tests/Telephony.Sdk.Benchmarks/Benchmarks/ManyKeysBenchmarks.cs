using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// One client serving many customers' keys (<see cref="TelephonyRequestOptions.ApiKey"/>): the time to choose a key's
/// rate-limit state must stay flat as the number of live keys grows. Each call takes the next key in turn, so with
/// 10,000 live keys every call looks up another key's state; all keys stay live (each is used well within its window).
/// In memory, as <see cref="InMemoryBenchmarks"/>.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 12, iterationCount: 12, invocationCount: 32_768, id: "ManyKeys")]
[MemoryDiagnoser]
public class ManyKeysBenchmarks
{
    private ServiceProvider? _services;
    private TelephonyClient? _client;
    private TelephonyRequestOptions[] _calls = [];
    private int _next;

    /// <summary>Gets or sets the number of distinct keys the client serves in turn.</summary>
    [Params(1, 10_000)]
    public int LiveKeys { get; set; } = 1;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _services = BalanceClients.Sdk(new Uri("https://api.telephony.invalid/api/"), static () => new CannedResponseHandler());
        _client = _services.GetRequiredService<TelephonyClient>();
        _calls = [.. Enumerable.Range(0, LiveKeys).Select(i => new TelephonyRequestOptions { ApiKey = "sk_test_tenant" + i.ToString("D18", CultureInfo.InvariantCulture) })];
        foreach (var call in _calls)
        {
            await _client.Account.GetBalanceAsync(call);
        }
    }

    [Benchmark]
    public async Task<decimal> PerCallKey()
    {
        var call = _calls[_next];
        _next = _next + 1 == _calls.Length ? 0 : _next + 1;
        return (await _client!.Account.GetBalanceAsync(call)).Balance;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}
