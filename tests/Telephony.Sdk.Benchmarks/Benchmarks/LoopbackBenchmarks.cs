using BenchmarkDotNet.Attributes;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// Real HTTP/1.1 over loopback to a Kestrel server. The server runs in the BenchmarkDotNet host process (see
/// <see cref="SharedLoopbackServer"/>), so its allocations are not counted against the client.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 10, iterationCount: 15, invocationCount: 2_048, id: "Loopback")]
public class LoopbackBenchmarks : BalanceBenchmarks
{
    protected override Uri BaseAddress => SharedLoopbackServer.BaseAddress;

    protected override Func<HttpMessageHandler>? PrimaryHandler => null;
}
