using System.Globalization;
using StackExchange.Redis;
using Telephony.Sdk.RateLimiting;

namespace Telephony.Sdk.Redis;

/// <summary>
/// The pace of one API key across the fleet, learnt from 429s: a rate for the whole key, kept by one "next allowed time"
/// in Redis (GCRA) that every instance reserves its requests' slots from, so the instances together send at that rate,
/// evenly spaced, whatever share of the load each one carries. The same Redis call counts the fleet's requests lately,
/// which gives the key's first pace after a 429. At each 429 after that
/// the key's pace drops to β times what it was, then grows back along CUBIC's curve, as the SDK's own pace does; it ends
/// when <see cref="Kept"/> passes with no 429.
/// Thread-safe.
/// </summary>
internal sealed class FleetPace
{
    /// <summary>How long a pace holds after the 429 it was learnt from: as long as Redis keeps it for instances that start later.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);

    private const double Beta = CubicGrowth.Beta;
    private const double SlowestRate = 0.05;
    private const double EndsAtMultipleOfPeak = 10;
    private static readonly TimeSpan DecreaseGap = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SendWindow = TimeSpan.FromSeconds(5);

    // Hand-written: RedisRateLimiting's token bucket refuses instead of reserving a slot (every instance would poll and
    // race for each token), reads the system clock rather than the SDK's TimeProvider, and cannot start afresh after a 429.
    private static readonly LuaScript Reserve = LuaScript.Prepare("""
        local now = tonumber(@now)
        local interval = tonumber(@interval)
        local state = redis.call('HMGET', @key, 'tat', 'sent', 'at')
        local at = tonumber(state[3]) or now
        local sent = (tonumber(state[2]) or 0) * math.exp(-math.max(0, now - at) / tonumber(@window)) + 1
        local slot = now
        if interval > 0 then
          slot = math.max(tonumber(state[1]) or 0, now, tonumber(@notBefore))
          redis.call('HSET', @key, 'tat', slot + interval)
        end
        redis.call('HSET', @key, 'sent', sent, 'at', now)
        redis.call('PEXPIRE', @key, tonumber(@kept))
        return { tostring(slot - now), tostring(sent) }
        """);

    private readonly object _lock = new();
    private KeyPace? _pace;
    private double _localSent;
    private DateTimeOffset _localAt;
    private double _fleetSent;
    private DateTimeOffset _fleetAt;

    /// <summary>Gets a number that changes whenever another pace is taken: a slot reserved before it is void.</summary>
    public int Epoch { get; private set; }

    /// <summary>The key's pace now, in requests per second for the whole fleet; <see langword="null"/> while none holds.</summary>
    public double? Rate(DateTimeOffset now)
    {
        lock (_lock)
        {
            return RateLocked(now);
        }
    }

    /// <summary>When the key's pace now was learnt.</summary>
    public DateTimeOffset? LearnedAt
    {
        get
        {
            lock (_lock)
            {
                return _pace?.LearnedAt;
            }
        }
    }

    /// <summary>
    /// The key's new pace after a 429 that one instance learnt <paramref name="instanceRate"/> from (the pace of its own
    /// share of the load); <see langword="null"/> when the key's pace already answers that 429: it was lowered less than
    /// <see cref="DecreaseGap"/> ago by the same full server, or the requests resumed after a pause less than that ago
    /// (the server is still full, which the pause answers, not the pace). While a pace holds it drops to β times the rate
    /// the fleet was going at; the first one is β times the rate of the fleet's requests lately, as counted in Redis (the
    /// instances' shares of a first burst are too uneven to scale the instance's pace by), else the instance's pace. A
    /// server that states its rate (<paramref name="statedRate"/>, a policy with no remaining count) refused a burst
    /// within it: its burst is smaller than its policy says, not its rate, so the first pace is β times that rate. (The
    /// fleet's count, decayed over five seconds, reads a cold start's first second at a fraction of its rate: 9.5 r/s
    /// after nginx refused a burst at 40 r/s, twelve seconds of growth back.)
    /// </summary>
    public double? Decrease(double instanceRate, DateTimeOffset now, double? statedRate = null)
    {
        lock (_lock)
        {
            if (_pace is { } current && (now - current.LearnedAt < DecreaseGap || (now >= current.GrowsFrom && now - current.GrowsFrom < DecreaseGap)))
            {
                return null;
            }

            if (RateLocked(now) is { } rate)
            {
                return Beta * rate;
            }

            if (statedRate is > 0 and var stated)
            {
                return Beta * stated;
            }

            var fleet = Decayed(_fleetSent, _fleetAt, now);
            return fleet >= 1 ? Beta * fleet / SendWindow.TotalSeconds : instanceRate;
        }
    }

    /// <summary>This instance's share of the key's pace now: what its requests go at when the load is shared as lately.</summary>
    public double? InstanceShare(DateTimeOffset now)
    {
        lock (_lock)
        {
            var local = Decayed(_localSent, _localAt, now);
            var fleet = Decayed(_fleetSent, _fleetAt, now);
            return RateLocked(now) is { } rate ? rate * (fleet >= 1 && local < fleet ? local / fleet : 1) : null;
        }
    }

    /// <summary>Takes a key-wide pace learnt at <paramref name="learnedAt"/>, if it is the latest known here; it grows from <paramref name="resumeAt"/>.</summary>
    public bool Adopt(double requestsPerSecond, DateTimeOffset learnedAt, DateTimeOffset resumeAt)
    {
        lock (_lock)
        {
            // Instances that met the same full server at once each report a pace: the fastest of them holds (a slower one
            // counted the fleet's requests before the others' had reached Redis). Else the latest does.
            var sameServerFull = _pace is { } current && (learnedAt - current.LearnedAt).Duration() < DecreaseGap;
            if (requestsPerSecond <= 0 || (sameServerFull ? requestsPerSecond <= _pace!.Rate : learnedAt <= _pace?.LearnedAt))
            {
                return false;
            }

            learnedAt = sameServerFull && _pace!.LearnedAt > learnedAt ? _pace.LearnedAt : learnedAt;
            resumeAt = sameServerFull && _pace!.GrowsFrom > resumeAt ? _pace.GrowsFrom : resumeAt;
            _pace = new KeyPace(Math.Max(requestsPerSecond, SlowestRate), learnedAt, resumeAt > learnedAt ? resumeAt : learnedAt);
            Epoch++;
            return true;
        }
    }

    /// <summary>
    /// Reserves the next slot of the key's pace in Redis (or only counts the request while no pace holds) and returns how
    /// long to wait for it.
    /// </summary>
    public async Task<TimeSpan> ReserveAsync(IDatabaseAsync database, RedisKey key, DateTimeOffset now, DateTimeOffset notBefore)
    {
        var interval = Rate(now) is { } rate ? 1000 / rate : 0;
        var answer = (RedisValue[]?)await database.ScriptEvaluateAsync(Reserve, new
        {
            key,
            now = now.ToUnixTimeMilliseconds(),
            interval,
            notBefore = notBefore.ToUnixTimeMilliseconds(),
            window = SendWindow.TotalMilliseconds,
            kept = (long)Kept.TotalMilliseconds,
        }).ConfigureAwait(false);
        var wait = answer is [var slot, _] ? Parse(slot) : 0;
        lock (_lock)
        {
            _localSent = Decayed(_localSent, _localAt, now) + 1;
            _localAt = now;
            if (answer is [_, var fleet])
            {
                (_fleetSent, _fleetAt) = (Parse(fleet), now);
            }
        }

        return TimeSpan.FromTicks((long)(Math.Max(0, wait) * TimeSpan.TicksPerMillisecond));
    }

    /// <summary>Reads the fleet's count of requests lately from Redis: a 429 in a burst comes before this instance's next reservation would.</summary>
    public async Task RefreshAsync(IDatabaseAsync database, RedisKey key)
    {
        var stored = await database.HashGetAsync(key, ["sent", "at"]).ConfigureAwait(false);
        if (stored is [var sent, var at] && Parse(sent) is var count and > 0 && Parse(at) is var ms and > 0)
        {
            lock (_lock)
            {
                (_fleetSent, _fleetAt) = (count, DateTimeOffset.FromUnixTimeMilliseconds((long)ms));
            }
        }
    }

    /// <summary>Starts the key's slots afresh at <paramref name="from"/>: slots reserved at an earlier, faster pace are void.</summary>
    public static Task RestartAsync(IDatabaseAsync database, RedisKey key, DateTimeOffset from) =>
        database.HashSetAsync(key, "tat", from.ToUnixTimeMilliseconds(), flags: CommandFlags.FireAndForget);

    private double? RateLocked(DateTimeOffset now)
    {
        if (_pace is not { } pace || now - pace.LearnedAt >= Kept)
        {
            return null;
        }

        // From the learnt pace (β Wmax) back to Wmax, the rate that met the 429, and on, as the SDK's own pace grows.
        var peak = pace.Rate / Beta;
        var rate = CubicGrowth.Rate(peak, (now - pace.GrowsFrom).TotalSeconds);

        // As in the SDK's own pace: past Wmax, growth that the fleet's requests did not test stops at twice their rate.
        rate = Math.Min(rate, Math.Max(peak, 2 * Decayed(_fleetSent, _fleetAt, now) / SendWindow.TotalSeconds));
        if (rate >= peak * EndsAtMultipleOfPeak)
        {
            _pace = null;
            return null;
        }

        return rate;
    }

    private static double Decayed(double count, DateTimeOffset at, DateTimeOffset now) =>
        count * Math.Exp(-Math.Max(0, (now - at).TotalSeconds) / SendWindow.TotalSeconds);

    private static double Parse(RedisValue value) =>
        double.TryParse((string?)value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;

    private sealed record KeyPace(double Rate, DateTimeOffset LearnedAt, DateTimeOffset GrowsFrom);
}
