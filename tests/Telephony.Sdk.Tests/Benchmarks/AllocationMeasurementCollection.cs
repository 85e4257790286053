namespace Telephony.Sdk.Tests.Benchmarks;

/// <summary>
/// Tests that count the bytes the whole process allocates (<see cref="GC.GetTotalAllocatedBytes(bool)"/>) or holds
/// (<see cref="GC.GetTotalMemory(bool)"/>). They run alone, never in parallel with another test, so no other test's
/// allocations or live objects are counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurementCollection
{
    public const string Name = "Allocation measurement";
}
