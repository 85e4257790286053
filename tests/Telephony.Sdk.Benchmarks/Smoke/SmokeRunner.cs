using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// For CI: runs every benchmark method a few times through its own setup and cleanup and checks the result, runs a
/// small load test and starts each cold-start variant once. It asserts results and connection reuse, never time.
/// </summary>
internal static class SmokeRunner
{
    private const int CallsPerBenchmark = 20;

    public static async Task<int> RunAsync(TextWriter output)
    {
        var stopwatch = Stopwatch.StartNew();
        var failures = 0;
        foreach (var type in new[] { typeof(InMemoryBenchmarks), typeof(LoopbackBenchmarks), typeof(ManyKeysBenchmarks) })
        {
            foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            {
                failures += await RunBenchmarkAsync(type, method, output);
            }
        }

        await SharedLoopbackServer.StopOwnServerAsync();

        var load = new ThroughputSettings(Calls: 500, Concurrency: 16, Rounds: 1, WarmUpRounds: 0, ThroughputSettings.DefaultVariants);
        var loadOutput = new StringWriter();
        var loadStatus = await ThroughputRunner.RunAsync(load, loadOutput);
        output.Write(loadOutput.ToString());
        failures += loadStatus;
        failures += CheckConnectionReuse(loadOutput.ToString(), load, output);

        var app = ColdStartRunner.AppAssembly();
        foreach (var variant in ColdStartRunner.DefaultVariants)
        {
            try
            {
                _ = await ColdStartRunner.RunOnceAsync(app, variant);
                output.WriteLine($"ok   cold start {variant}");
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                output.WriteLine($"FAIL cold start {variant}: {e.Message}");
                failures++;
            }
        }

        output.WriteLine($"smoke: {failures} failure(s) in {stopwatch.Elapsed.TotalSeconds:F0} s");
        return failures == 0 ? 0 : 1;
    }

    private static async Task<int> RunBenchmarkAsync(Type type, MethodInfo benchmark, TextWriter output)
    {
        var name = $"{type.Name}.{benchmark.Name}";
        var instance = Activator.CreateInstance(type)!;
        try
        {
            foreach (var setup in Targeted<GlobalSetupAttribute>(type, benchmark))
            {
                await InvokeAsync(setup, instance);
            }

            for (var i = 0; i < CallsPerBenchmark; i++)
            {
                var balance = await (Task<decimal>)benchmark.Invoke(instance, null)!;
                if (balance != BalanceClients.ExpectedBalance)
                {
                    throw new InvalidOperationException($"returned {balance}");
                }
            }

            output.WriteLine($"ok   {name} ({CallsPerBenchmark} calls)");
            return 0;
        }
        catch (Exception e)
        {
            output.WriteLine($"FAIL {name}: {(e as TargetInvocationException)?.InnerException?.Message ?? e.Message}");
            return 1;
        }
        finally
        {
            foreach (var cleanup in Targeted<GlobalCleanupAttribute>(type, benchmark))
            {
                await InvokeAsync(cleanup, instance);
            }
        }
    }

    /// <summary>Setup or cleanup methods that apply to <paramref name="benchmark"/>, as BenchmarkDotNet picks them.</summary>
    private static IEnumerable<MethodInfo> Targeted<TAttribute>(Type type, MethodInfo benchmark)
        where TAttribute : TargetedAttribute =>
        type.GetMethods().Where(m => m.GetCustomAttribute<TAttribute>() is { } a && (a.Targets.Length == 0 || a.Targets.Contains(benchmark.Name)));

    private static async Task InvokeAsync(MethodInfo method, object instance)
    {
        if (method.Invoke(instance, null) is Task task)
        {
            await task;
        }
    }

    /// <summary>Connection reuse: no variant may open more connections than it has concurrent callers, twice over.</summary>
    private static int CheckConnectionReuse(string report, ThroughputSettings settings, TextWriter output)
    {
        var failures = 0;
        foreach (var line in report.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| variant", StringComparison.Ordinal)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (long.TryParse(cells[7], out var opened) && opened > 2 * settings.Concurrency)
            {
                output.WriteLine($"FAIL {cells[1]} opened {opened} connections for {settings.Concurrency} concurrent callers");
                failures++;
            }
        }

        return failures;
    }
}
