using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Telephony.Sdk.Redis;

/// <summary>
/// What the instances of an app share through Redis for one Telephony client registration: one
/// <see cref="FleetRateLimiter"/> per API key, the connection, whether Redis answers, and the backoff channel that
/// carries a key's server backoff (429 with <c>Retry-After</c>) to every instance.
/// </summary>
/// <remarks>
/// Redis names: the limiter of a key is <c>rl:sw:{&lt;prefix&gt;:&lt;key id&gt;}</c> (RedisRateLimiting's naming), its
/// backoff <c>&lt;prefix&gt;:backoff:&lt;key id&gt;</c>, the channel <c>&lt;prefix&gt;:backoff</c>. The key id is the SHA-256
/// of the API key; the key itself never reaches Redis.
/// </remarks>
internal sealed class RedisRateLimitFleet : IAsyncDisposable, IDisposable
{
    private readonly Func<Task<IConnectionMultiplexer>> _connect;
    private readonly bool _ownsConnection;
    private readonly ConcurrentDictionary<string, FleetRateLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;
    private readonly RedisChannel _backoffChannel;
    private readonly Action<RedisChannel, RedisValue> _onBackoffMessage;
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
}
