namespace Telephony.Sdk.Tests.Benchmarks;

/// <summary>
/// Tests that count the bytes the whole process allocates (<see cref="GC.GetTotalAllocatedBytes(bool)"/>). They run
/// alone, never in parallel with another test, so no other test's allocations are counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurementCollection
{
    public const string Name = "Allocation measurement";
}
