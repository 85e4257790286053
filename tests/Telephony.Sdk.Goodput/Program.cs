using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk;
using Telephony.Sdk.Testing;

// Goodput under a rate limit: a burst of requests against the fake Telephony.io enforcing a per-key limit, for the
// SDK and for what a user would assemble instead (HttpClient + AddStandardResilienceHandler).
//   dotnet run -c Release --project tests/Telephony.Sdk.Goodput -- [--limit 600] [--burst-factor 1.5] [--concurrency 32]
var limit = IntArgument("--limit", 600);
var burstFactor = DoubleArgument("--burst-factor", 1.5);
var concurrency = IntArgument("--concurrency", 32);
var requests = (int)(limit * burstFactor);
var ideal = TimeSpan.FromMinutes((double)requests / limit);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{requests} requests, {concurrency} concurrent callers, server limit {limit}/min per key; ideal completion {ideal.TotalSeconds:F0} s"));
Console.WriteLine("| variant | completion | ÷ ideal | 429s received | failures |");
Console.WriteLine("|---|---|---|---|---|");
await RunAsync("Telephony.Sdk", "sk_test_goodput_sdk_000000000000001", (services, server, key) =>
    services.AddTelephonyClient(o =>
    {
        (o.ApiKey, o.BaseAddress) = (key, server.BaseAddress);
        o.RateLimit.PermitsPerMinute = limit;
    }),
    static async (provider, ct) => (await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(ct)).Balance > 0);
await RunAsync("HttpClient + AddStandardResilienceHandler", "sk_test_goodput_std_000000000000001", (services, server, key) =>
    services.AddHttpClient("std", c =>
        {
            c.BaseAddress = server.BaseAddress;
            c.DefaultRequestHeaders.Authorization = new("Bearer", key);
        })
        .AddStandardResilienceHandler(),
    static async (provider, ct) =>
    {
        using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("std").GetAsync("account/balance", ct);
        return response.IsSuccessStatusCode;
    });
return 0;

async Task RunAsync(string name, string key, Action<IServiceCollection, TelephonyFakeServer, string> register, Func<IServiceProvider, CancellationToken, Task<bool>> call)
{
    await using var server = await TelephonyFakeServer.StartAsync(o =>
    {
        o.Keys[key] = 1m;
        o.SecretKeyRateLimit = limit;
    });
    var services = new ServiceCollection();
    register(services, server, key);
    await using var provider = services.BuildServiceProvider();

    // Bounded: no variant may run longer than four ideal runs.
    using var bound = new CancellationTokenSource(ideal * 4);
    var next = -1;
    var failures = 0;
    var stopwatch = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) < requests)
        {
            try
            {
                if (!await call(provider, bound.Token))
                {
                    Interlocked.Increment(ref failures);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !bound.IsCancellationRequested)
            {
                Interlocked.Increment(ref failures);
            }
        }
    });
    await Task.WhenAll(workers);
    stopwatch.Stop();

    var rateLimited = server.Requests.Count(r => r.StatusCode == 429);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {stopwatch.Elapsed.TotalSeconds:F1} s | {stopwatch.Elapsed / ideal:F2} | {rateLimited} ({100.0 * rateLimited / server.Requests.Count:F1}% of {server.Requests.Count}) | {failures} |"));
}

int IntArgument(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

double DoubleArgument(string name, double fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
