namespace Telephony.Sdk.Benchmarks;

/// <summary>What one load run did: calls that returned the expected balance, failures, and the wall time.</summary>
internal sealed record LoadResult(int Completed, int Failed, TimeSpan Elapsed, Exception? FirstError)
{
    public double CallsPerSecond => Completed / Elapsed.TotalSeconds;
}
