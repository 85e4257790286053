using System.Runtime.CompilerServices;
using BenchmarkDotNet.Running;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// <list type="bullet">
/// <item><c>[BenchmarkDotNet arguments]</c>: the benchmarks (default <c>--filter *</c>), e.g. <c>--filter *InMemory*</c>.</item>
/// <item><c>--throughput [--calls N] [--concurrency N] [--rounds N] [variant…]</c>: calls per second on loopback Kestrel.</item>
/// <item><c>--cold-start [--runs N] [--app PATH] [variant…]</c>: process start → DI → first result, whole-process wall time (<c>--app</c>: another build of the cold-start app, e.g. its NativeAOT publish).</item>
/// <item><c>--smoke</c>: every variant a few times, checked; for CI, never timed.</item>
/// <item><c>--serve</c>: the loopback server alone (used by <c>--throughput</c>).</item>
/// </list>
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "--serve":
                return await LoopbackServerProcess.ServeAsync(maxLifetime: TimeSpan.FromMinutes(30));
            case "--throughput":
                return await ThroughputRunner.RunAsync(ThroughputSettings.Parse(args[1..]), Console.Out);
            case "--cold-start":
                return await ColdStartRunner.RunAsync(args[1..], Console.Out);
            case "--smoke":
                return await SmokeRunner.RunAsync(Console.Out);
            default:
                return await RunBenchmarksAsync(args.Length == 0 ? ["--filter", "*"] : args);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<int> RunBenchmarksAsync(string[] args)
    {
        // The loopback benchmarks' server lives here, in the host process, so the benchmark processes measure the client only.
        await using var server = await SharedLoopbackServer.StartForChildProcessesAsync();
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}
