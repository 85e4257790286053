using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk;
using Telephony.Sdk.Goodput;
using Telephony.Sdk.Goodput.Fleet;

// Goodput under rate limiters that do not share the client's model: a matrix of server algorithms, limits,
// Retry-After and rate-limit headers (Cell.cs), each cell a burst of twice the server's limit against a fresh key, on a
// clock sped up so that the cell's ideal takes about --target-seconds (CellRunner.cs). Default client settings: what a
// new user gets. One markdown row per cell, then a summary; the exit code is 0 unless the harness itself broke.
const string Usage =
    "usage: dotnet run -c Release --project tests/Telephony.Sdk.Goodput -- [--variant sdk|standard] [--label NAME] " +
    "[--cells all|smoke|SUBSTRING] [--concurrency 32] [--target-seconds 10] [--trace]\n" +
    "       dotnet run -c Release --project tests/Telephony.Sdk.Goodput -- --fleet [--instances 4] [--label NAME] " +
    "[--cells all|smoke|SUBSTRING] [--concurrency 32] [--redis HOST:PORT]\n" +
    "       dotnet run -c Release --project tests/Telephony.Sdk.Goodput -- --fleet --check-ideal";

if (args.Contains("--help"))
{
    Console.WriteLine(Usage);
    return 0;
}

if (args is ["--worker", var workerServer, var workerKey, var workerRedis, var workerCalls, var workerCallers, var workerBound])
{
    return await FleetWorker.RunAsync(
        new Uri(workerServer), workerKey, workerRedis, int.Parse(workerCalls, CultureInfo.InvariantCulture),
        int.Parse(workerCallers, CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(workerBound, CultureInfo.InvariantCulture)));
}

if (args.Contains("--fleet") && args.Contains("--check-ideal"))
{
    return await IdealCheck.RunAsync();
}

if (args.Contains("--fleet"))
{
    return await FleetMatrix.RunAsync(args);
}

var variantName = Argument("--variant", "sdk");
var label = Argument("--label", variantName);
var filter = Argument("--cells", "all");
var concurrency = int.Parse(Argument("--concurrency", "32"), CultureInfo.InvariantCulture);
var targetSeconds = double.Parse(Argument("--target-seconds", "10"), CultureInfo.InvariantCulture);
Variant? variant = variantName switch
{
    "sdk" => new Variant(
        "Telephony.Sdk",
        (services, server, key) => services.AddTelephonyClient(o => (o.ApiKey, o.BaseAddress) = (key, server)),
        provider =>
        {
            var client = provider.GetRequiredService<TelephonyClient>();
            return async ct =>
            {
                await client.Account.GetBalanceAsync(ct);
                return null;
            };
        }),
    "standard" => new Variant(
        "HttpClient + AddStandardResilienceHandler",
        (services, server, key) => services
            .AddHttpClient("standard", c =>
            {
                c.BaseAddress = server;
                c.DefaultRequestHeaders.Authorization = new("Bearer", key);
            })
            .AddStandardResilienceHandler(),
        provider =>
        {
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("standard");
            return async ct =>
            {
                using var response = await http.GetAsync("account/balance", ct);
                return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
            };
        }),
    _ => null,
};
var cells = Cell.Select(filter);
if (variant is null || cells.Count == 0 || concurrency < 1 || targetSeconds <= 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

Console.WriteLine($"## Goodput matrix: {label} ({variant.Name})");
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores; " +
    $"`dotnet run -c Release --project tests/Telephony.Sdk.Goodput -- {string.Join(' ', args)}`"));
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{cells.Count} cells. Each: a fresh secret key, server window {Cell.Window.TotalSeconds:F0} s, a burst of 2 × the server's " +
    $"limit as calls, {concurrency} concurrent callers, default client settings; time sped up so the ideal takes about " +
    $"{targetSeconds:F0} s, cut off at 4 × the ideal (unfinished calls count as failed)."));
Console.WriteLine();
Console.WriteLine("| algorithm | limit | Retry-After | headers | failed | 429s (÷ calls) | ÷ ideal | failures |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");

var runner = new CellRunner(variant, concurrency, targetSeconds, trace: args.Contains("--trace"));
var results = new List<CellResult>();
var total = Stopwatch.StartNew();
foreach (var (cell, index) in cells.Select((c, i) => (c, i)))
{
    var result = await runner.RunAsync(cell, string.Create(CultureInfo.InvariantCulture, $"sk_test_goodput_cell_{index:D12}"));
    results.Add(result);
    var failures = string.Join(", ", result.Causes.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {cell.AlgorithmName} | {cell.LimitName} | {(cell.RetryAfter ? "on" : "off")} | {cell.HeadersName} | " +
        $"{result.Failed} of {cell.Calls} | {100.0 * result.RateLimited / cell.Calls:F1} % ({result.RateLimited}) | " +
        $"{(result.CutOff ? "≥ " : "")}{result.Completion:F2} | {failures} |"));
}

total.Stop();
var calls = results.Sum(r => r.Cell.Calls);
var completions = results.Select(r => r.Completion).Order().ToList();
var slowest = results.MaxBy(r => r.Completion)!;
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Summary ({label}): {results.Count(r => r.Failed > 0)} of {results.Count} cells failed calls " +
    $"({results.Sum(r => r.Failed)} of {calls} calls); {results.Count(r => r.CutOff)} cut off; " +
    $"429s {100.0 * results.Sum(r => r.RateLimited) / calls:F1} % of calls ({results.Sum(r => r.RateLimited)}); " +
    $"÷ ideal median {completions[completions.Count / 2]:F2}, slowest {slowest.Completion:F2} ({slowest.Cell.Id}); " +
    $"{total.Elapsed.TotalMinutes:F1} min."));
if (results.Any(r => r.Examples.Count > 0))
{
    Console.WriteLine();
    Console.WriteLine("First failure of each kind:");
    foreach (var (cell, cause, example) in results.SelectMany(r => r.Examples.Select(e => (r.Cell, e.Key, e.Value))))
    {
        Console.WriteLine($"- {cell.Id}, {cause}: {example}");
    }
}

return 0;

string Argument(string name, string fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
