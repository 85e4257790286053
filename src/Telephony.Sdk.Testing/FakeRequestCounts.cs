namespace Telephony.Sdk.Testing;

/// <summary>
/// How many requests a <see cref="TelephonyFakeServer"/> has received since it started (or since
/// <see cref="TelephonyFakeServer.ClearRequests"/>), all of them, not only those <see cref="TelephonyFakeServer.Requests"/> keeps.
/// </summary>
public sealed class FakeRequestCounts
{
    internal FakeRequestCounts(long total, long withoutKey, long dropped, IReadOnlyDictionary<string, long> byKey, IReadOnlyDictionary<int, long> byStatus)
    {
        Total = total;
        WithoutKey = withoutKey;
        Dropped = dropped;
        ByKey = byKey;
        ByStatus = byStatus;
    }

    /// <summary>Gets the number of requests received.</summary>
    public long Total { get; }

    /// <summary>Gets the number of requests that carried no bearer key.</summary>
    public long WithoutKey { get; }

    /// <summary>Gets the number of requests whose connection was dropped on purpose (<see cref="FakeServerFaults.DropConnection"/>), with no status.</summary>
    public long Dropped { get; }

    /// <summary>Gets the number of requests per key, by the key's redacted form (e.g. <c>sk_test_…0001</c>), as <see cref="FakeRequest.RedactedKey"/> shows it.</summary>
    public IReadOnlyDictionary<string, long> ByKey { get; }

    /// <summary>Gets the number of requests per status answered.</summary>
    public IReadOnlyDictionary<int, long> ByStatus { get; }
}
