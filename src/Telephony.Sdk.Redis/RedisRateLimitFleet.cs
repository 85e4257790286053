using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Telephony.Sdk.Redis;

/// <summary>
/// What the instances of an app share through Redis for one Telephony client registration: one
/// <see cref="FleetRateLimiter"/> per API key, the connection, whether Redis answers, the backoff channel that
/// carries a key's server backoff (429 with <c>Retry-After</c>) to every instance, and the rate channel that carries the
/// key's limit as a server states it and the pace an instance learns from 429s.
/// </summary>
/// <remarks>
/// Redis names: the limiter of a key is <c>rl:sw:{&lt;prefix&gt;:&lt;key id&gt;}</c> (RedisRateLimiting's naming), and
/// <c>rl:sw:{&lt;prefix&gt;:&lt;key id&gt;}:ms</c> while a server states the key's limit; its backoff
/// <c>&lt;prefix&gt;:backoff:&lt;key id&gt;</c>, its stated limit <c>&lt;prefix&gt;:limit:&lt;key id&gt;</c>, learnt pace
/// <c>&lt;prefix&gt;:pace:&lt;key id&gt;</c> and the pace's slots and the fleet's recent requests
/// <c>&lt;prefix&gt;:slots:&lt;key id&gt;</c>, the channels <c>&lt;prefix&gt;:backoff</c> and <c>&lt;prefix&gt;:rate</c>. The
/// key id is the SHA-256 of the API key; the key itself never reaches Redis.
/// </remarks>
internal sealed class RedisRateLimitFleet : IAsyncDisposable, IDisposable
{
    private readonly Func<Task<IConnectionMultiplexer>> _connect;
    private readonly bool _ownsConnection;
    private readonly ConcurrentDictionary<string, FleetRateLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;
    private readonly RedisChannel _backoffChannel;
    private readonly Action<RedisChannel, RedisValue> _onBackoffMessage;
    private readonly RedisChannel _rateChannel;
    private readonly Action<RedisChannel, RedisValue> _onRateMessage;
    private int _subscribed;

    public RedisRateLimitFleet(
        Func<Task<IConnectionMultiplexer>> connect,
        bool ownsConnection,
        TelephonyRedisRateLimitOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _connect = connect;
        _ownsConnection = ownsConnection;
        Options = options;
        TimeProvider = timeProvider;
        Health = new RedisHealth(timeProvider, logger);
        Health.Restored += () => _ = SubscribeAsync();
        _connection = new Lazy<Task<IConnectionMultiplexer>>(ConnectAsync, LazyThreadSafetyMode.ExecutionAndPublication);
        _backoffChannel = RedisChannel.Literal($"{options.KeyPrefix}:backoff");
        _onBackoffMessage = (_, message) => OnBackoffMessage(message);
        _rateChannel = RedisChannel.Literal($"{options.KeyPrefix}:rate");
        _onRateMessage = (_, message) => OnRateMessage(message);
    }

    public TelephonyRedisRateLimitOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public RedisHealth Health { get; }

    /// <summary>The limiters created so far, by key id.</summary>
    internal IReadOnlyDictionary<string, FleetRateLimiter> Limiters => _limiters;

    /// <summary>The <see cref="TelephonyRateLimitOptions.LimiterFactory"/>: one limiter per key.</summary>
    public RateLimiter CreateLimiter(TelephonyRateLimitPartition partition)
    {
        return _limiters.GetOrAdd(partition.KeyId, _ => new FleetRateLimiter(partition, this));
    }

    /// <summary>
    /// The connection if Redis can be asked now; <see langword="null"/> with the reason if not. The first requests
    /// wait for the connection to be made, at most <see cref="TelephonyRedisRateLimitOptions.RedisTimeout"/>.
    /// </summary>
    public async ValueTask<(IConnectionMultiplexer? Connection, string Reason)> ConnectionOrReasonAsync(CancellationToken cancellationToken)
    {
        var connecting = _connection.Value;
        if (!connecting.IsCompleted)
        {
            try
            {
                await connecting.WaitAsync(Options.RedisTimeout, TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return (null, "no connection within RedisTimeout");
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                return (null, ex.GetType().Name);
            }
        }

        return ConnectedOrNull(out var reason) is { } connection ? (connection, string.Empty) : (null, reason);
    }

    /// <summary>The connection if it is up now; <see langword="null"/> while it is being made or is down.</summary>
    public IConnectionMultiplexer? ConnectedOrNull(out string reason)
    {
        var connection = _connection.Value;
        if (!connection.IsCompleted)
        {
            reason = "connecting";
            return null;
        }

        if (!connection.IsCompletedSuccessfully)
        {
            reason = connection.Exception?.InnerException?.GetType().Name ?? "connection failed";
            return null;
        }

        if (!connection.Result.IsConnected)
        {
            reason = "not connected";
            return null;
        }

        reason = string.Empty;
        return connection.Result;
    }

    public string BackoffKeyFor(string keyId) => $"{Options.KeyPrefix}:backoff:{keyId}";

    public string LimitKeyFor(string keyId) => $"{Options.KeyPrefix}:limit:{keyId}";

    public string PaceKeyFor(string keyId) => $"{Options.KeyPrefix}:pace:{keyId}";

    /// <summary>Stores the limit a server stated for a key and tells every instance; best effort, never throws.</summary>
    public void PublishLimit(string keyId, int limit, TimeSpan window, bool even) =>
        PublishRate(keyId, LimitKeyFor(keyId), string.Create(CultureInfo.InvariantCulture, $"limit {limit} {(long)window.TotalMilliseconds}{(even ? " even" : null)}"), StatedLimitKept);

    public string SlotsKeyFor(string keyId) => $"{Options.KeyPrefix}:slots:{keyId}";

    /// <summary>
    /// Stores the key-wide pace an instance learnt for a key, starts the key's slots afresh when the pause ends, and tells
    /// every instance; best effort, never throws.
    /// </summary>
    public void PublishPace(string keyId, double requestsPerSecond, DateTimeOffset learnedAt, DateTimeOffset resumeAt)
    {
        try
        {
            if (ConnectedOrNull(out _) is { } connection)
            {
                _ = FleetPace.RestartAsync(connection.GetDatabase(), SlotsKeyFor(keyId), resumeAt);
            }
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Health.ReportFailure(ex.GetType().Name);
        }

        PublishRate(keyId, PaceKeyFor(keyId), string.Create(CultureInfo.InvariantCulture, $"pace {requestsPerSecond:R} {learnedAt.ToUnixTimeMilliseconds()}"), FleetPace.Kept);
    }

    /// <summary>
    /// Takes a stored or published limit or pace (<c>limit &lt;n&gt; &lt;window ms&gt;[ even]</c>,
    /// <c>pace &lt;rate&gt; &lt;unix ms&gt;</c>) into a key's limiter.
    /// </summary>
    public static void TakeRate(FleetRateLimiter limiter, RedisValue stored)
    {
        var parts = ((string?)stored)?.Split(' ');
        var even = parts is [_, _, _, "even"];
        if (parts is not [var kind, var first, var second, ..] || (parts.Length > 3 && !even) ||
            !double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ||
            !long.TryParse(second, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || value <= 0 || ms <= 0)
        {
            return;
        }

        if (kind == "limit" && value <= int.MaxValue)
        {
            limiter.AdoptLimit((int)value, TimeSpan.FromMilliseconds(ms), even);
        }
        else if (kind == "pace" && ms < DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            limiter.AdoptPace(value, DateTimeOffset.FromUnixTimeMilliseconds(ms));
        }
    }

    /// <summary>Stores a key's backoff in Redis and tells every instance; best effort, never throws.</summary>
    public void PublishBackoff(string keyId, DateTimeOffset until)
    {
        if (ConnectedOrNull(out _) is not { } connection)
        {
            return;
        }

        try
        {
            var untilMs = until.ToUnixTimeMilliseconds();
            var ttl = until - TimeProvider.GetUtcNow() + TimeSpan.FromSeconds(1);
            if (ttl > TimeSpan.Zero)
            {
                connection.GetDatabase().StringSet(BackoffKeyFor(keyId), untilMs, ttl, flags: CommandFlags.FireAndForget);
            }

            connection.GetSubscriber().Publish(
                _backoffChannel, string.Create(CultureInfo.InvariantCulture, $"{keyId} {untilMs}"), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Health.ReportFailure(ex.GetType().Name);
        }
    }

    // A stated limit is kept for instances that start later (a pace, FleetPace.Kept: while it holds).
    private static readonly TimeSpan StatedLimitKept = TimeSpan.FromHours(1);

    private void PublishRate(string keyId, string key, string value, TimeSpan kept)
    {
        if (ConnectedOrNull(out _) is not { } connection)
        {
            return;
        }

        try
        {
            connection.GetDatabase().StringSet(key, value, kept, flags: CommandFlags.FireAndForget);
            connection.GetSubscriber().Publish(_rateChannel, $"{keyId} {value}", CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Health.ReportFailure(ex.GetType().Name);
        }
    }

    public static bool IsRedisFailure(Exception ex) =>
        ex is RedisException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException; // ObjectDisposedException is an InvalidOperationException

    public async ValueTask DisposeAsync()
    {
        foreach (var limiter in _limiters.Values)
        {
            await limiter.DisposeAsync().ConfigureAwait(false);
        }

        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            if (_ownsConnection)
            {
                await _connection.Value.Result.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                Unsubscribe(_connection.Value.Result);
            }
        }
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }

        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            if (_ownsConnection)
            {
                _connection.Value.Result.Dispose();
            }
            else
            {
                Unsubscribe(_connection.Value.Result);
            }
        }
    }

    // The app keeps its own connection: stop this registration's handler from receiving (and being kept alive by) it.
    private void Unsubscribe(IConnectionMultiplexer connection)
    {
        try
        {
            connection.GetSubscriber().Unsubscribe(_backoffChannel, _onBackoffMessage, CommandFlags.FireAndForget);
            connection.GetSubscriber().Unsubscribe(_rateChannel, _onRateMessage, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // Nothing to undo on a connection that is down or closed.
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var connection = await _connect().ConfigureAwait(false);
        await SubscribeAsync(connection).ConfigureAwait(false);
        return connection;
    }

    private Task SubscribeAsync() =>
        ConnectedOrNull(out _) is { } connection ? SubscribeAsync(connection) : Task.CompletedTask;

    private async Task SubscribeAsync(IConnectionMultiplexer connection)
    {
        if (Interlocked.CompareExchange(ref _subscribed, 1, 0) != 0)
        {
            return;
        }

        try
        {
            await connection.GetSubscriber().SubscribeAsync(_backoffChannel, _onBackoffMessage).ConfigureAwait(false);
            await connection.GetSubscriber().SubscribeAsync(_rateChannel, _onRateMessage).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // Not subscribed: try again when Redis is back.
            Volatile.Write(ref _subscribed, 0);
        }
    }

    private void OnBackoffMessage(RedisValue message)
    {
        var text = (string?)message;
        var space = text?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        if (text is null || space <= 0 ||
            !long.TryParse(text.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var untilMs) ||
            !_limiters.TryGetValue(text[..space], out var limiter))
        {
            return;
        }

        limiter.RaiseBackoff(DateTimeOffset.FromUnixTimeMilliseconds(untilMs));
    }

    private void OnRateMessage(RedisValue message)
    {
        var text = (string?)message;
        var space = text?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        if (text is not null && space > 0 && _limiters.TryGetValue(text[..space], out var limiter))
        {
            TakeRate(limiter, text[(space + 1)..]);
        }
    }
}
