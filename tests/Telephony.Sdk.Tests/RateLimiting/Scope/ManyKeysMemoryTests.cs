using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Tests.Benchmarks;

namespace Telephony.Sdk.Tests.RateLimiting.Scope;

/// <summary>
/// One client serving many customers' keys (<see cref="TelephonyRequestOptions.ApiKey"/>) holds a small, bounded state
/// per key in use and releases the state of idle keys. Measured on the in-memory transport of the benchmarks, on a fake
/// clock so that "idle" is exact.
/// </summary>
/// <remarks>The memory measured is the whole process's: the collection runs alone, so no other test's live objects are counted.</remarks>
[Collection(AllocationMeasurementCollection.Name)]
public sealed class ManyKeysMemoryTests
{
    private const int MaxRetainedBytesPerKey = 2 * 1024;

    [Fact]
    public async Task GetBalanceAsync_10000DistinctPerCallKeysThroughOneClient_RetainsAtMost2KBPerKey()
    {
        const int Keys = 10_000;
        var keys = NewKeys(Keys);
        await using var stack = Stack.Build();
        await stack.CallAsync("sk_test_warm0000000000000000000001");
        var before = SettledMemory();

        foreach (var key in keys)
        {
            await stack.CallAsync(key);
        }

        var after = SettledMemory();
        Assert.Equal(Keys + 1, stack.Registry.Count);
        var perKey = (after - before) / Keys;
        TestContext.Current.TestOutputHelper?.WriteLine($"{perKey} B retained per key over {Keys} keys");
        Assert.True(perKey <= MaxRetainedBytesPerKey, $"{perKey} B retained per key after {Keys} keys; the budget is {MaxRetainedBytesPerKey} B.");
        GC.KeepAlive(keys);
    }

    [Fact]
    public async Task GetBalanceAsync_100000KeysLeftIdlePastTheirWindow_MemoryReturnsToWithin10PercentOfTheLevelAfter1000()
    {
        await using var stack = Stack.Build();
        await CallBatchAsync(stack, 0, 1_000);
        var afterFirstThousand = SettledMemory();

        for (var batch = 1; batch < 100; batch++)
        {
            // Each thousand is used once, then idle past the window (61 s) while the next thousand is used.
            stack.Clock.Advance(TimeSpan.FromSeconds(62));
            await CallBatchAsync(stack, batch * 1_000, 1_000);
        }

        stack.Clock.Advance(TimeSpan.FromSeconds(62));
        await stack.CallAsync("sk_test_last0000000000000000000001");
        var afterAll = SettledMemory();

        TestContext.Current.TestOutputHelper?.WriteLine($"{afterFirstThousand / 1024} KB after the first 1,000 keys; {afterAll / 1024} KB after 100,000 idle; {stack.Registry.Count} held");
        Assert.True(stack.Registry.Count <= 1_001, $"{stack.Registry.Count} keys still held.");
        Assert.True(
            afterAll <= afterFirstThousand * 1.10,
            $"{afterAll / 1024} KB after 100,000 keys went idle, against {afterFirstThousand / 1024} KB after the first 1,000.");
    }

    [Fact]
    public async Task GetBalanceAsync_OptionsKeptByTheApp_DoNotKeepAReleasedKeysStateAlive()
    {
        await using var stack = Stack.Build();
        var kept = new TelephonyRequestOptions { ApiKey = "sk_test_kept00000000000000000000001" };
        await stack.CallAsync(kept);
        var state = WeakStateOf(stack, kept.ApiKey);

        // Idle past its window; the next new key sweeps it out of the registry, while the app still holds its options.
        stack.Clock.Advance(TimeSpan.FromSeconds(62));
        await stack.CallAsync("sk_test_other0000000000000000000001");
        SettledMemory();

        Assert.Null(stack.Registry.Find(new Uri("https://api.telephony.test/api/"), kept.ApiKey, new TelephonyRateLimitOptions()));
        Assert.False(state.TryGetTarget(out _), "The key's released state is still alive through the options the app kept.");
        GC.KeepAlive(kept);
    }

    // Not inlined: a local of the caller would keep the state alive.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<KeyRateLimit> WeakStateOf(Stack stack, string apiKey) =>
        new(stack.Registry.Find(new Uri("https://api.telephony.test/api/"), apiKey, new TelephonyRateLimitOptions())
            ?? throw new InvalidOperationException("The key has no state."));

    private static async Task CallBatchAsync(Stack stack, int first, int count)
    {
        foreach (var key in NewKeys(count, first))
        {
            await stack.CallAsync(key);
        }
    }

    private static List<string> NewKeys(int count, int first = 0) =>
        [.. Enumerable.Range(first, count).Select(i => "sk_test_tenant" + i.ToString("D18", CultureInfo.InvariantCulture))];

    private static long SettledMemory()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private sealed class Stack(ServiceProvider provider, FakeTimeProvider clock) : IAsyncDisposable
    {
        public FakeTimeProvider Clock { get; } = clock;

        public KeyRateLimitRegistry Registry => provider.GetRequiredService<KeyRateLimitRegistry>();

        private TelephonyClient Client => provider.GetRequiredService<TelephonyClient>();

        public static Stack Build()
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(clock);
            services.AddTelephonyClient(o =>
            {
                o.ApiKey = "sk_test_platform000000000000000001";
                o.BaseAddress = new Uri("https://api.telephony.test/api/");
            }).ConfigurePrimaryHttpMessageHandler(static () => new CannedBalanceHandler());
            return new Stack(services.BuildServiceProvider(), clock);
        }

        public Task CallAsync(string key) => CallAsync(new TelephonyRequestOptions { ApiKey = key });

        public async Task CallAsync(TelephonyRequestOptions options) =>
            Assert.Equal(1234.56m, (await Client.Account.GetBalanceAsync(options, TestContext.Current.CancellationToken)).Balance);

        public ValueTask DisposeAsync() => provider.DisposeAsync();
    }
}
