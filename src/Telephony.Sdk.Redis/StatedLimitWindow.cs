using System.Globalization;
using StackExchange.Redis;

namespace Telephony.Sdk.Redis;

/// <summary>
/// The shared window of a key while its server states a limit (q per w): at most q permits in any w, stamped in
/// milliseconds on each instance's clock, so the fleet takes the stated burst at once and the stated rate after it. It is
/// a sorted set beside RedisRateLimiting's whole-second window, in the same hash slot: the permits that window granted
/// before the limit was stated still count, each as late in its second as it may have been taken. A full window says when
/// its oldest permit leaves, so a request asks again then instead of polling. For a server that frees its quota more
/// slowly than such a window, permits are also spaced evenly (w ÷ q apart) while the window holds any: the permits of a
/// burst leave the window together, long before such a server has freed them all.
/// </summary>
internal static class StatedLimitWindow
{
    // Hand-written: RedisRateLimiting stamps permits in whole seconds of the system clock, an error of up to a second in
    // a window of a few, which its window had to be made a second longer for.
    private static readonly LuaScript Take = LuaScript.Prepare("""
        local now = tonumber(@now)
        local size = tonumber(@size)
        local limit = tonumber(@limit)
        local since = now - size
        if @moves ~= '' then
          redis.call('ZREM', @window, @moves)
        end
        redis.call('ZREMRANGEBYSCORE', @window, '-inf', since)
        local times = {}
        local earlier = redis.call('ZRANGEBYSCORE', @wholeSeconds, math.floor(since / 1000), '+inf', 'WITHSCORES')
        for i = 2, #earlier, 2 do
          local at = (tonumber(earlier[i]) + 1) * 1000
          if at > since then
            times[#times + 1] = at
          end
        end
        local count = redis.call('ZCARD', @window) + #times
        if count < limit then
          local spacing = tonumber(@spacing)
          if spacing > 0 then
            local newest = redis.call('ZRANGE', @window, -1, -1, 'WITHSCORES')
            if newest[2] and now < tonumber(newest[2]) + spacing then
              return tostring(tonumber(newest[2]) + spacing - now)
            end
          end
          redis.call('ZADD', @window, now, @id)
          redis.call('PEXPIRE', @window, math.ceil(size))
          return '0'
        end
        local own = redis.call('ZRANGE', @window, 0, count - limit, 'WITHSCORES')
        for i = 2, #own, 2 do
          times[#times + 1] = tonumber(own[i])
        end
        table.sort(times)
        return tostring(times[count - limit + 1] + size - now)
        """);

    /// <summary>
    /// Takes a permit named <paramref name="id"/> if the window has room at <paramref name="now"/> and its newest permit is
    /// at least <paramref name="spacing"/> old: <see cref="TimeSpan.Zero"/>; else how long until there is. The permit named
    /// <paramref name="moves"/> (one the same request took before) leaves the window first.
    /// </summary>
    public static async Task<TimeSpan> TryTakeAsync(
        IDatabaseAsync database, RedisKey window, RedisKey wholeSecondWindow, int limit, TimeSpan size, TimeSpan spacing, DateTimeOffset now, string id, string? moves = null)
    {
        var answer = await database.ScriptEvaluateAsync(Take, new
        {
            window,
            wholeSeconds = wholeSecondWindow,
            now = now.ToUnixTimeMilliseconds(),
            size = size.TotalMilliseconds,
            limit,
            spacing = spacing.TotalMilliseconds,
            id,
            moves = moves ?? string.Empty,
        }).ConfigureAwait(false);
        return double.TryParse((string?)answer, NumberStyles.Float, CultureInfo.InvariantCulture, out var wait) && wait >= 0
            ? TimeSpan.FromTicks((long)Math.Ceiling(wait * TimeSpan.TicksPerMillisecond))
            : throw new RedisException("Unexpected answer from the stated limit's window.");
    }
}
