using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Telephony.Sdk.Redis.Tests.Support;

/// <summary>
/// Permits that an earlier minute's traffic took from a key's shared window, written into Redis as RedisRateLimiting keeps
/// them: a sorted set of whole-second Unix stamps. That window slides on the wall clock of each process that asks, which
/// no fake clock reaches. History that leaves the window within seconds lets a test watch a fleet wait for the window to
/// slide without waiting a whole minute for its own permits to leave.
/// </summary>
internal static class SharedWindowHistory
{
    // The fleet's window for a limit per minute, in the whole seconds RedisRateLimiting compares its stamps in.
    private static readonly long WindowSeconds = (long)FleetRateLimiter.PerMinuteWindow.TotalSeconds;

    /// <summary>
    /// Fills the window of <paramref name="apiKey"/> under <paramref name="prefix"/> with <paramref name="permits"/>
    /// permits that leave it one after another, evenly from <paramref name="firstLeaves"/> to <paramref name="lastLeaves"/>
    /// from now. Returns when each leaves, as Unix seconds, earliest first: the fleet's n-th permit cannot come sooner
    /// than the n-th of these.
    /// </summary>
    public static async Task<long[]> FillAsync(string configuration, string prefix, string apiKey, int permits, TimeSpan firstLeaves, TimeSpan lastLeaves)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var step = (lastLeaves - firstLeaves).TotalSeconds / Math.Max(1, permits - 1);
        var leaves = Enumerable.Range(0, permits).Select(i => now + (long)Math.Ceiling(firstLeaves.TotalSeconds + (i * step))).ToArray();
        var keyId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
        var window = new RedisKey($"rl:sw:{{{prefix}:{keyId}}}");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var database = connection.GetDatabase();
        await database.SortedSetAddAsync(window, [.. leaves.Select((at, i) => new SortedSetEntry($"history-{i}", at - WindowSeconds))]);
        await database.KeyExpireAsync(window, TimeSpan.FromMinutes(5));
        return leaves;
    }

    /// <summary>Asserts that the server saw no request before the window had room for it.</summary>
    public static void AssertEachRequestWaitedForItsPermit(IReadOnlyList<DateTimeOffset> requestTimes, long[] leaves)
    {
        var times = requestTimes.Order().ToList();
        Assert.True(times.Count <= leaves.Length, "The test sends no more requests than the history holds permits.");
        for (var i = 0; i < times.Count; i++)
        {
            Assert.True(
                times[i].ToUnixTimeSeconds() >= leaves[i],
                $"Request {i} came at {times[i]:HH:mm:ss.fff}, before its permit left the shared window at {DateTimeOffset.FromUnixTimeSeconds(leaves[i]):HH:mm:ss}.");
        }
    }
}
