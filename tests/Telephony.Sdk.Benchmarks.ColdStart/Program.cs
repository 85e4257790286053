using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk;
using Telephony.Sdk.Benchmarks;

// Process start → DI → first result, for one variant, on the in-memory transport. The caller times the whole
// process; the times printed here are from Main: to a resolved client (setup) and to the result (the rest of the
// wall time is the runtime starting and stopping). Each variant is its own method, so only the code (and the
// assemblies) that variant needs is loaded.
var started = Stopwatch.GetTimestamp();
var baseAddress = new Uri("https://api.telephony.invalid/api/");
Func<Uri, Task<(decimal Balance, long SetUp)>>? variant = args.FirstOrDefault() switch
{
    "HandWritten" => ColdStart.HandWrittenAsync,
    "HandWrittenViaFactory" => ColdStart.HandWrittenViaFactoryAsync,
    "Sdk" => ColdStart.SdkAsync,
    "SdkWithoutResiliencePipeline" => ColdStart.SdkWithoutResiliencePipelineAsync,
    "RefitStandardResilience" => ColdStart.RefitAsync,
    "RefitWithoutResilience" => ColdStart.RefitWithoutResilienceAsync,
    _ => null,
};
if (variant is null)
{
    Console.Error.WriteLine("usage: Telephony.Sdk.Benchmarks.ColdStart HandWritten|HandWrittenViaFactory|Sdk|SdkWithoutResiliencePipeline|RefitStandardResilience|RefitWithoutResilience");
    return 2;
}

var (balance, setUp) = await variant(baseAddress);
var elapsed = Stopwatch.GetElapsedTime(started);
var setUpMs = Stopwatch.GetElapsedTime(started, setUp).TotalMilliseconds;
// The methods the JIT compiled (and its time) say where a variant's start-up goes; NativeAOT reports none.
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"balance={balance} main_ms={elapsed.TotalMilliseconds:F1} setup_ms={setUpMs:F1} jit_methods={System.Runtime.JitInfo.GetCompiledMethodCount()} jit_ms={System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F1}"));
return balance == BalanceClients.ExpectedBalance ? 0 : 1;

/// <summary>Each variant returns the balance and the timestamp at which its client was ready (set up, resolved).</summary>
internal static class ColdStart
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<(decimal, long)> HandWrittenAsync(Uri baseAddress)
    {
        using var http = BalanceClients.HandWritten(new CannedResponseHandler());
        var ready = Stopwatch.GetTimestamp();
        return (await HandWrittenBalance.GetAsync(http, HandWrittenBalance.BalanceUri(baseAddress)), ready);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<(decimal, long)> HandWrittenViaFactoryAsync(Uri baseAddress)
    {
        await using var services = BalanceClients.HandWrittenWithFactory(baseAddress, static () => new CannedResponseHandler());
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(HandWrittenBalance.HttpClientName);
        var ready = Stopwatch.GetTimestamp();
        return (await HandWrittenBalance.GetAsync(http, HandWrittenBalance.BalanceUri(baseAddress)), ready);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<(decimal, long)> SdkAsync(Uri baseAddress)
    {
        await using var services = BalanceClients.Sdk(baseAddress, static () => new CannedResponseHandler());
        var client = services.GetRequiredService<TelephonyClient>();
        var ready = Stopwatch.GetTimestamp();
        return ((await client.Account.GetBalanceAsync()).Balance, ready);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<(decimal, long)> SdkWithoutResiliencePipelineAsync(Uri baseAddress)
    {
        await using var services = BalanceClients.Sdk(baseAddress, static () => new CannedResponseHandler(), withoutResiliencePipeline: true);
        var client = services.GetRequiredService<TelephonyClient>();
        var ready = Stopwatch.GetTimestamp();
        return ((await client.Account.GetBalanceAsync()).Balance, ready);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<(decimal, long)> RefitAsync(Uri baseAddress)
    {
        await using var services = BalanceClients.RefitStandardResilience(baseAddress, static () => new CannedResponseHandler());
        var api = services.GetRequiredService<IBalanceApi>();
        var ready = Stopwatch.GetTimestamp();
        return ((await api.GetBalanceAsync()).Balance, ready);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<(decimal, long)> RefitWithoutResilienceAsync(Uri baseAddress)
    {
        await using var services = BalanceClients.RefitStandardResilience(baseAddress, static () => new CannedResponseHandler(), resilience: false);
        var api = services.GetRequiredService<IBalanceApi>();
        var ready = Stopwatch.GetTimestamp();
        return ((await api.GetBalanceAsync()).Balance, ready);
    }
}
