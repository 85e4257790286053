using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Telephony.Sdk.Goodput.Fleet;

/// <summary>
/// The fleet matrix (<c>--fleet</c>): each cell at real time against the fake's algorithms and against nginx and HAProxy,
/// with <c>--instances</c> processes sharing one key through Redis (a private <c>redis-server</c> unless <c>--redis</c>
/// names one). One markdown row per cell, then a summary; the exit code is 0 unless the harness itself broke.
/// </summary>
internal static class FleetMatrix
{
    public static async Task<int> RunAsync(string[] args)
    {
        var instances = int.Parse(Argument(args, "--instances", "4"), CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Argument(args, "--concurrency", "32"), CultureInfo.InvariantCulture);
        var label = Argument(args, "--label", "fleet");
        var cells = FleetCell.Select(Argument(args, "--cells", "all"));
        if (cells.Count == 0 || instances < 1 || concurrency < instances)
        {
            Console.Error.WriteLine("no cells, or fewer callers than instances");
            return 2;
        }

        await using var privateRedis = Array.IndexOf(args, "--redis") < 0 ? await RedisServer.StartAsync() : null;
        var redis = privateRedis?.Configuration ?? Argument(args, "--redis", string.Empty);

        Console.WriteLine($"## Fleet goodput: {label}");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores; " +
            $"`dotnet run -c Release --project tests/Telephony.Sdk.Goodput -- {string.Join(' ', args)}`"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cells.Count} cells at real time. Each: a fresh secret key shared by {instances} processes through one redis-server " +
            $"(`UseRedisRateLimit`, default settings), {concurrency} callers in all, 40 s of the server's rate as calls; cut off at 4 × the ideal."));
        Console.WriteLine();
        Console.WriteLine("| server | limit | Retry-After | headers | failed | 429s (÷ calls) | ÷ ideal | failures |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");

        var runner = new FleetRunner(instances, concurrency, redis);
        var results = new List<FleetResult>();
        var total = Stopwatch.StartNew();
        foreach (var (cell, index) in cells.Select((c, i) => (c, i)))
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"sk_test_fleet_{Environment.ProcessId:D8}_{index:D6}");
            var result = await runner.RunAsync(cell, key);
            results.Add(result);
            var failures = string.Join(", ", result.Causes.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {cell.ServerName} | {cell.LimitName} | {(cell.RetryAfter ? "on" : "off")} | {cell.HeadersName} | " +
                $"{result.Failed} of {cell.Calls} | {100.0 * result.RateLimited / cell.Calls:F1} % ({result.RateLimited}) | " +
                $"{result.Completion:F2} | {failures} |"));
        }

        var calls = results.Sum(r => r.Cell.Calls);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Summary ({label}): {results.Count(r => r.Failed > 0)} of {results.Count} cells failed calls ({results.Sum(r => r.Failed)} of {calls}); " +
            $"429s {100.0 * results.Sum(r => r.RateLimited) / calls:F1} % of calls; slowest ÷ ideal {results.Max(r => r.Completion):F2}; " +
            $"{total.Elapsed.TotalMinutes:F1} min."));
        return 0;
    }

    private static string Argument(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
