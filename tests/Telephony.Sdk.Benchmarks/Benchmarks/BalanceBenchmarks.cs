using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// One GET that reads <c>{"balance":1234.56}</c>, through each client variant; the transport is the subclass's.
/// Each benchmark runs in its own process and sets up only its own client. Min and Median are shown beside the mean:
/// on a shared machine they are the numbers least disturbed by other processes.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public abstract class BalanceBenchmarks
{
    private HttpClient? _handWritten;
    private Uri? _balanceUri;
    private ServiceProvider? _services;
    private IHttpClientFactory? _httpClientFactory;
    private TelephonyClient? _sdk;
    private IBalanceApi? _refit;

    /// <summary>Gets the API's base address on this transport.</summary>
    protected abstract Uri BaseAddress { get; }

    /// <summary>Creates the primary handler; <see langword="null"/> for the factory's own sockets handler.</summary>
    protected abstract Func<HttpMessageHandler>? PrimaryHandler { get; }

    [GlobalSetup(Target = nameof(HandWritten))]
    public async Task SetupHandWrittenAsync()
    {
        _balanceUri = HandWrittenBalance.BalanceUri(BaseAddress);
        _handWritten = BalanceClients.HandWritten(PrimaryHandler?.Invoke());
        await CheckAsync(HandWritten);
    }

    [GlobalSetup(Target = nameof(HandWrittenViaFactory))]
    public async Task SetupHandWrittenViaFactoryAsync()
    {
        _balanceUri = HandWrittenBalance.BalanceUri(BaseAddress);
        _services = BalanceClients.HandWrittenWithFactory(BaseAddress, PrimaryHandler);
        _httpClientFactory = _services.GetRequiredService<IHttpClientFactory>();
        await CheckAsync(HandWrittenViaFactory);
    }

    [GlobalSetup(Target = nameof(Sdk))]
    public async Task SetupSdkAsync()
    {
        _services = BalanceClients.Sdk(BaseAddress, PrimaryHandler, rateLimit: true);
        _sdk = _services.GetRequiredService<TelephonyClient>();
        await CheckAsync(Sdk);
    }

    [GlobalSetup(Target = nameof(SdkNoRateLimit))]
    public async Task SetupSdkNoRateLimitAsync()
    {
        _services = BalanceClients.Sdk(BaseAddress, PrimaryHandler, rateLimit: false);
        _sdk = _services.GetRequiredService<TelephonyClient>();
        await CheckAsync(SdkNoRateLimit);
    }

    [GlobalSetup(Target = nameof(RefitStandardResilience))]
    public async Task SetupRefitAsync()
    {
        _services = BalanceClients.RefitStandardResilience(BaseAddress, PrimaryHandler);
        _refit = _services.GetRequiredService<IBalanceApi>();
        await CheckAsync(RefitStandardResilience);
    }

    [GlobalCleanup]
    public virtual async Task CleanupAsync()
    {
        _handWritten?.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    /// <summary>The limit: <see cref="HttpClient"/> + System.Text.Json source generation, no DI.</summary>
    [Benchmark(Baseline = true)]
    public Task<decimal> HandWritten() => HandWrittenBalance.GetAsync(_handWritten!, _balanceUri!);

    /// <summary>The same call on a client from <see cref="IHttpClientFactory"/> (with its default logging handlers).</summary>
    [Benchmark]
    public Task<decimal> HandWrittenViaFactory() =>
        HandWrittenBalance.GetAsync(_httpClientFactory!.CreateClient(HandWrittenBalance.HttpClientName), _balanceUri!);

    /// <summary>The SDK with its full default pipeline; the rate limiter on, raised so that it never waits.</summary>
    [Benchmark]
    public async Task<decimal> Sdk() => (await _sdk!.Account.GetBalanceAsync()).Balance;

    /// <summary>The SDK with its default pipeline except the client-side rate limiter (<c>RateLimit.Enabled = false</c>).</summary>
    [Benchmark]
    public async Task<decimal> SdkNoRateLimit() => (await _sdk!.Account.GetBalanceAsync()).Balance;

    /// <summary>Refit (source-generated) + <c>AddStandardResilienceHandler()</c> + a bearer handler.</summary>
    [Benchmark]
    public async Task<decimal> RefitStandardResilience() => (await _refit!.GetBalanceAsync()).Balance;

    private static async Task CheckAsync(Func<Task<decimal>> call)
    {
        var balance = await call();
        if (balance != BalanceClients.ExpectedBalance)
        {
            throw new InvalidOperationException($"Expected balance {BalanceClients.ExpectedBalance}, got {balance}.");
        }
    }
}
