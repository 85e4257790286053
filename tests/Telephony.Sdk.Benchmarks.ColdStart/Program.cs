using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk;
using Telephony.Sdk.Benchmarks;

// Process start → DI → first result, for one variant, on the in-memory transport. The caller times the whole
// process; the time printed here is from Main to the result (the rest is the runtime starting and stopping).
// Each variant is its own method, so only the code (and assemblies) that variant needs is loaded.
var started = Stopwatch.GetTimestamp();
var baseAddress = new Uri("https://api.telephony.invalid/api/");
decimal balance;
switch (args.FirstOrDefault())
{
    case "HandWritten":
        balance = await ColdStart.HandWrittenAsync(baseAddress);
        break;
    case "HandWrittenViaFactory":
        balance = await ColdStart.HandWrittenViaFactoryAsync(baseAddress);
        break;
    case "Sdk":
        balance = await ColdStart.SdkAsync(baseAddress);
        break;
    case "RefitStandardResilience":
        balance = await ColdStart.RefitAsync(baseAddress);
        break;
    default:
        Console.Error.WriteLine("usage: Telephony.Sdk.Benchmarks.ColdStart HandWritten|HandWrittenViaFactory|Sdk|RefitStandardResilience");
        return 2;
}

var elapsed = Stopwatch.GetElapsedTime(started);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"balance={balance} main_ms={elapsed.TotalMilliseconds:F1}"));
return balance == BalanceClients.ExpectedBalance ? 0 : 1;

internal static class ColdStart
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<decimal> HandWrittenAsync(Uri baseAddress)
    {
        using var http = BalanceClients.HandWritten(new CannedResponseHandler());
        return await HandWrittenBalance.GetAsync(http, HandWrittenBalance.BalanceUri(baseAddress));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<decimal> HandWrittenViaFactoryAsync(Uri baseAddress)
    {
        await using var services = BalanceClients.HandWrittenWithFactory(baseAddress, static () => new CannedResponseHandler());
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(HandWrittenBalance.HttpClientName);
        return await HandWrittenBalance.GetAsync(http, HandWrittenBalance.BalanceUri(baseAddress));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<decimal> SdkAsync(Uri baseAddress)
    {
        await using var services = BalanceClients.Sdk(baseAddress, static () => new CannedResponseHandler());
        var client = services.GetRequiredService<TelephonyClient>();
        return (await client.Account.GetBalanceAsync()).Balance;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<decimal> RefitAsync(Uri baseAddress)
    {
        await using var services = BalanceClients.RefitStandardResilience(baseAddress, static () => new CannedResponseHandler());
        return (await services.GetRequiredService<IBalanceApi>().GetBalanceAsync()).Balance;
    }
}
