using System.Globalization;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Benchmarks;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting.Scope;

/// <summary>A key's rate-limit state lives as long as the clients that use it, and no longer.</summary>
/// <remarks>The memory measured is the whole process's: run alone, so that no other test's live objects are counted.</remarks>
[Collection(AllocationMeasurementCollection.Name)]
public sealed class KeyStateLifetimeTests
{
    [Fact]
    public async Task Dispose_2000ClientsWithDistinctKeysAfterOneCallEach_MemoryReturnsToWithin5MB()
    {
        const int Clients = 2000;
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var keys = Enumerable.Range(0, Clients).Select(i => $"sk_test_lifetime{i.ToString("D16", CultureInfo.InvariantCulture)}").ToList();
        foreach (var key in keys)
        {
            server.SetBalance(key, 1m);
        }

        // One client first, so that what every client shares (code, static caches, the server's journal) is in the baseline.
        await CallOnceAsync(server, "sk_test_lifetimewarm000000000001", register: true);
        server.ClearRequests();
        var before = SettledMemory();

        foreach (var key in keys)
        {
            await CallOnceAsync(server, key, register: false);
        }

        server.ClearRequests();
        var after = SettledMemory();

        Assert.True(after - before < 5 * 1024 * 1024, $"{(after - before) / 1024} KB still held after {Clients} clients were disposed.");
    }

    private static async Task CallOnceAsync(TelephonyFakeServer server, string key, bool register)
    {
        if (register)
        {
            server.SetBalance(key, 1m);
        }

        using var client = new TelephonyClient(new TelephonyClientOptions { ApiKey = key, BaseAddress = server.BaseAddress });
        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
    }

    private static long SettledMemory()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
