namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// One variant in one round: the timed calls, the requests the server saw for them, connections opened, and the CPU
/// time the client and the server processes used per call during the timed calls.
/// </summary>
internal sealed record ThroughputSample(
    LoadResult Result, long TimedRequests, long ConnectionsTotal, long ConnectionsTimed, double ClientCpuMicroseconds, double ServerCpuMicroseconds)
{
    /// <summary>Every call succeeded and the server saw exactly one request per call (no retries).</summary>
    public bool IsClean(ThroughputSettings settings) =>
        Result.Failed == 0 && Result.Completed == settings.Calls && TimedRequests == settings.Calls;
}
