using System.Globalization;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// Throughput on loopback Kestrel: for each variant, a fresh client, a warm-up that opens its connections, then the
/// timed calls from concurrent callers. The server (another process) counts the TCP connections each client opened.
/// Unreported warm-up rounds let the JIT finish tiering up every variant's code (the SDK's pipeline has much more of
/// it than a bare HttpClient, and takes tens of thousands of calls to settle); the measured rounds rotate the variants'
/// order, and the report gives the median.
/// </summary>
internal static class ThroughputRunner
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(ThroughputSettings settings, TextWriter output)
    {
        await using var server = await LoopbackServerProcess.StartAsync();
        output.WriteLine($"# Throughput: {settings.Calls} calls, {settings.Concurrency} concurrent callers, {settings.Rounds} measured round(s) after {settings.WarmUpRounds} warm-up round(s), loopback Kestrel in another process");
        output.WriteLine($"# SDK rate limiter: PermitsPerMinute = {BalanceClients.SdkPermitsPerMinute} (SdkNoRateLimit: disabled)");

        var results = settings.Variants.ToDictionary(v => v, _ => new List<ThroughputSample>());
        var failures = 0;
        for (var round = 0; round < settings.WarmUpRounds; round++)
        {
            foreach (var variant in settings.Variants)
            {
                var warmUp = await MeasureAsync(server, variant, settings);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up {variant,-24} {warmUp.Result.CallsPerSecond,8:F0} calls/s (not reported)"));
            }
        }

        for (var round = 0; round < settings.Rounds; round++)
        {
            // Rotate the order so that no variant always runs first (or right after the same one).
            var order = settings.Variants.Skip(round % settings.Variants.Count).Concat(settings.Variants.Take(round % settings.Variants.Count));
            foreach (var variant in order)
            {
                var sample = await MeasureAsync(server, variant, settings);
                results[variant].Add(sample);
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"round {round + 1} {variant,-24} {sample.Result.CallsPerSecond,8:F0} calls/s  CPU/call client {sample.ClientCpuMicroseconds,5:F1} µs, server {sample.ServerCpuMicroseconds,5:F1} µs  {sample.Result.Completed} ok, {sample.Result.Failed} failed, server saw {sample.TimedRequests} requests, connections opened {sample.ConnectionsTotal} (during the timed calls {sample.ConnectionsTimed})"));
                if (!sample.IsClean(settings))
                {
                    failures++;
                    output.WriteLine($"  not clean: {sample.Result.FirstError?.GetType().Name}: {sample.Result.FirstError?.Message}");
                }
            }
        }

        Report(results, settings, output);
        return failures == 0 ? 0 : 1;
    }

    private static async Task<ThroughputSample> MeasureAsync(LoopbackServerProcess server, string variant, ThroughputSettings settings)
    {
        var start = await server.GetStatsAsync();
        await using var client = VariantClient.Create(variant, server.BaseAddress, primaryHandler: null);

        var warmUp = await LoadGenerator.RunAsync(client.GetBalanceAsync, settings.WarmUpCalls, settings.Concurrency, TimeLimit);
        if (warmUp.Failed > 0)
        {
            return new ThroughputSample(warmUp, 0, 0, 0, 0, 0);
        }

        var before = await server.GetStatsAsync();
        var clientCpu = ClientProcessorTime();
        var serverCpu = server.ProcessorTime;
        var result = await LoadGenerator.RunAsync(client.GetBalanceAsync, settings.Calls, settings.Concurrency, TimeLimit);
        var clientCpuPerCall = (ClientProcessorTime() - clientCpu).TotalMicroseconds / Math.Max(1, result.Completed);
        var serverCpuPerCall = (server.ProcessorTime - serverCpu).TotalMicroseconds / Math.Max(1, result.Completed);
        var after = await server.GetStatsAsync();
        return new ThroughputSample(
            result,
            after.Requests - before.Requests,
            after.Connections - start.Connections,
            after.Connections - before.Connections,
            clientCpuPerCall,
            serverCpuPerCall);
    }

    private static void Report(Dictionary<string, List<ThroughputSample>> results, ThroughputSettings settings, TextWriter output)
    {
        var baseline = results.TryGetValue(VariantClient.HandWritten, out var hw) ? Median(hw.Select(s => s.Result.CallsPerSecond)) : double.NaN;
        output.WriteLine();
        output.WriteLine($"| variant | calls/s (median of {settings.Rounds}) | ratio to HandWritten | min–max calls/s | client CPU µs/call (median) | server CPU µs/call (median) | TCP connections opened (warm-up + timed, max) | opened during the timed {settings.Calls} (max) |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (variant, samples) in results)
        {
            var rates = samples.Select(s => s.Result.CallsPerSecond).ToList();
            var median = Median(rates);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {variant} | {median:F0} | {median / baseline:F2} | {rates.Min():F0}–{rates.Max():F0} | {Median(samples.Select(s => s.ClientCpuMicroseconds)):F1} | {Median(samples.Select(s => s.ServerCpuMicroseconds)):F1} | {samples.Max(s => s.ConnectionsTotal)} | {samples.Max(s => s.ConnectionsTimed)} |"));
        }
    }

    private static TimeSpan ClientProcessorTime()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
