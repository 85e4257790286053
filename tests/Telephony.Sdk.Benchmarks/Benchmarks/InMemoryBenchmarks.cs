using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// The in-memory transport: client overhead alone. A fixed 32,768 calls per iteration keeps every process (about
/// 26 iterations counting BenchmarkDotNet's own, some 0.85 million calls within a few seconds) below the SDK's
/// 1,000,000 permits per minute, so the rate limiter never makes a call wait; the cleanup checks that it did not.
/// Twelve warm-up iterations give the JIT time to finish tiering up.
/// The <c>Breakdown*</c> rows take parts away from the variants, to show what each part costs.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 12, iterationCount: 12, invocationCount: 32_768, id: "InMemory")]
public class InMemoryBenchmarks : BalanceBenchmarks
{
    private ServiceProvider? _breakdownServices;
    private IHttpClientFactory? _breakdownFactory;
    private TelephonyClient? _breakdownSdk;
    private IBalanceApi? _breakdownRefit;
    private Uri? _balanceUri;

    protected override Uri BaseAddress { get; } = new("https://api.telephony.invalid/api/");

    protected override Func<HttpMessageHandler>? PrimaryHandler { get; } = static () => new CannedResponseHandler();

    [GlobalSetup(Target = nameof(BreakdownHandWrittenViaFactoryWithoutLoggers))]
    public void SetupFactoryWithoutLoggers()
    {
        _balanceUri = HandWrittenBalance.BalanceUri(BaseAddress);
        _breakdownServices = BalanceClients.HandWrittenWithFactory(BaseAddress, PrimaryHandler, withoutLoggers: true);
        _breakdownFactory = _breakdownServices.GetRequiredService<IHttpClientFactory>();
    }

    [GlobalSetup(Target = nameof(BreakdownSdkWithoutRetryOrRateLimit))]
    public void SetupSdkWithoutRetryOrRateLimit()
    {
        _breakdownServices = BalanceClients.Sdk(BaseAddress, PrimaryHandler, rateLimit: false, configure: static o => o.Resilience.MaxRetryAttempts = 0);
        _breakdownSdk = _breakdownServices.GetRequiredService<TelephonyClient>();
    }

    [GlobalSetup(Target = nameof(BreakdownSdkWithoutResiliencePipeline))]
    public void SetupSdkWithoutResiliencePipeline()
    {
        _breakdownServices = BalanceClients.Sdk(BaseAddress, PrimaryHandler, withoutResiliencePipeline: true);
        _breakdownSdk = _breakdownServices.GetRequiredService<TelephonyClient>();
    }

    [GlobalSetup(Target = nameof(BreakdownRefitWithoutResilience))]
    public void SetupRefitWithoutResilience()
    {
        _breakdownServices = BalanceClients.RefitStandardResilience(BaseAddress, PrimaryHandler, resilience: false);
        _breakdownRefit = _breakdownServices.GetRequiredService<IBalanceApi>();
    }

    /// <summary>The factory variant without the factory's logging handlers (<c>RemoveAllLoggers()</c>).</summary>
    [Benchmark]
    public Task<decimal> BreakdownHandWrittenViaFactoryWithoutLoggers() =>
        HandWrittenBalance.GetAsync(_breakdownFactory!.CreateClient(HandWrittenBalance.HttpClientName), _balanceUri!);

    /// <summary>The SDK without retry (<c>MaxRetryAttempts = 0</c>) and without the rate limiter; timeouts and backoff stay.</summary>
    [Benchmark]
    public async Task<decimal> BreakdownSdkWithoutRetryOrRateLimit() => (await _breakdownSdk!.Account.GetBalanceAsync()).Balance;

    /// <summary>The SDK without its resilience pipeline: its kept Refit client, its handlers and its logger.</summary>
    [Benchmark]
    public async Task<decimal> BreakdownSdkWithoutResiliencePipeline() => (await _breakdownSdk!.Account.GetBalanceAsync()).Balance;

    /// <summary>Refit and the bearer handler without any resilience handler.</summary>
    [Benchmark]
    public async Task<decimal> BreakdownRefitWithoutResilience() => (await _breakdownRefit!.GetBalanceAsync()).Balance;

    public override async Task CleanupAsync()
    {
        await base.CleanupAsync();
        if (_breakdownServices is not null)
        {
            await _breakdownServices.DisposeAsync();
        }

        Console.WriteLine($"// {CannedResponseHandler.TotalServed} calls served in this process");
        if (CannedResponseHandler.TotalServed >= BalanceClients.SdkPermitsPerMinute)
        {
            throw new InvalidOperationException(
                $"{CannedResponseHandler.TotalServed} calls in one process: the SDK's rate limiter may have made calls wait. Lower the invocation count.");
        }
    }
}
