using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Telephony.Sdk.Redis;

/// <summary>
/// The limiter of one API key in one process, taking its permits from a sliding window in Redis shared by every
/// instance (RedisRateLimiting's <see cref="RedisSlidingWindowRateLimiter{TKey}"/>). While the window is full, requests
/// wait here in order and one of them asks Redis again every <see cref="TelephonyRedisRateLimitOptions.PermitPollInterval"/>.
/// While Redis does not answer, permits come from the SDK's in-process limiter. Also carries the key's server
/// backoff to and from the other instances (<see cref="ITelephonySharedBackoff"/>).
/// </summary>
internal sealed class FleetRateLimiter : RateLimiter, ITelephonySharedBackoff
{
    // A permit returns one second after a full minute, so clocks a little apart and the request's travel time after
    // its permit never let a server-side minute see more than the limit.
    private static readonly TimeSpan SharedWindow = TimeSpan.FromSeconds(61);

    private readonly TelephonyRateLimitPartition _partition;
    private readonly RedisRateLimitFleet _fleet;
    private readonly RateLimiter _inProcess;
    private readonly SemaphoreSlim _line = new(1, 1);
    private readonly object _sharedLock = new();
    private RedisSlidingWindowRateLimiter<string>? _shared;
    private IConnectionMultiplexer? _sharedConnection;
    private readonly Lazy<Task> _backoffLoaded;
    private int _queued;
    private long _backoffUntilTicks;
    private long _successful;
    private long _failed;

    public FleetRateLimiter(TelephonyRateLimitPartition partition, RedisRateLimitFleet fleet)
    {
        _partition = partition;
        _fleet = fleet;
        _inProcess = TelephonyRateLimiters.CreateSlidingWindow(partition, fleet.TimeProvider);
        _backoffLoaded = new Lazy<Task>(LoadBackoffAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private enum Answer
    {
        Granted,
        WindowFull,
        Unavailable,
    }

    public override TimeSpan? IdleDuration => null;

    public DateTimeOffset? BackoffUntil
    {
        get
        {
            var ticks = Volatile.Read(ref _backoffUntilTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>The name of this key's window in Redis (RedisRateLimiting prefixes it with <c>rl:sw:</c>).</summary>
    internal string SharedPartitionKey => $"{_fleet.Options.KeyPrefix}:{_partition.KeyId}";

    public void ReportBackoff(DateTimeOffset until)
    {
        RaiseBackoff(until);
        _fleet.PublishBackoff(_partition.KeyId, until);
    }

    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentAvailablePermits = _inProcess.GetStatistics()?.CurrentAvailablePermits ?? 0,
        CurrentQueuedCount = Volatile.Read(ref _queued),
        TotalSuccessfulLeases = Interlocked.Read(ref _successful),
        TotalFailedLeases = Interlocked.Read(ref _failed),
    };

    internal void RaiseBackoff(DateTimeOffset until)
    {
        var ticks = until.UtcTicks;
        var current = Volatile.Read(ref _backoffUntilTicks);
        while (ticks > current)
        {
            var seen = Interlocked.CompareExchange(ref _backoffUntilTicks, ticks, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Learns a backoff another instance stored before this one started using the key.</summary>
    private async Task LoadBackoffAsync()
    {
        try
        {
            var (connection, _) = await _fleet.ConnectionOrReasonAsync(CancellationToken.None).ConfigureAwait(false);
            if (connection is null)
            {
                return;
            }

            var stored = await connection.GetDatabase().StringGetAsync(_fleet.BackoffKeyFor(_partition.KeyId)).ConfigureAwait(false);
            if (stored.TryParse(out long untilMs))
            {
                RaiseBackoff(DateTimeOffset.FromUnixTimeMilliseconds(untilMs));
            }
        }
        catch (Exception ex) when (RedisRateLimitFleet.IsRedisFailure(ex))
        {
            // Not known here: the first 429 of the key tells this instance instead.
        }
    }

    /// <summary>
    /// Holds a permit while the key is paused: covers requests that were already past the SDK's backoff check when
    /// another instance reported the pause, and the first requests of an instance that starts during one.
    /// </summary>
    private async ValueTask WaitOutBackoffAsync(CancellationToken cancellationToken)
    {
        var loaded = _backoffLoaded.Value;
        if (!loaded.IsCompleted)
        {
            await loaded.WaitAsync(_fleet.Options.RedisTimeout, _fleet.TimeProvider, cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (BackoffUntil is { } until && until - _fleet.TimeProvider.GetUtcNow() is var remaining && remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, _fleet.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Only asynchronous acquisition is supported: a permit needs a round trip to Redis.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        permitCount == 0 ? Lease.Granted : Lease.Refused;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount == 0)
        {
            return Lease.Granted;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, 1);
        await WaitOutBackoffAsync(cancellationToken).ConfigureAwait(false);

        // Nobody waiting: ask Redis straight away, concurrently with other callers.
        if (Volatile.Read(ref _queued) == 0 && await TryTakeAsync(cancellationToken).ConfigureAwait(false) is { } immediate)
        {
            return immediate;
        }

        // The window is full: wait in line, first come first served, up to the queue limit.
        if (Interlocked.Increment(ref _queued) > _partition.QueueLimit)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _failed);
            return Lease.Refused;
        }

        try
        {
            await _line.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    if (await TryTakeAsync(cancellationToken).ConfigureAwait(false) is { } granted)
                    {
                        return granted;
                    }

                    await Task.Delay(_fleet.Options.PermitPollInterval, _fleet.TimeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _line.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inProcess.Dispose();
            _line.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _inProcess.DisposeAsync().ConfigureAwait(false);
        _line.Dispose();
    }

    /// <summary>A permit from Redis, or from the in-process limiter while Redis does not answer; <see langword="null"/> while the shared window is full.</summary>
    private async ValueTask<RateLimitLease?> TryTakeAsync(CancellationToken cancellationToken)
    {
        switch (await AskRedisAsync(cancellationToken).ConfigureAwait(false))
        {
            case Answer.Granted:
                Interlocked.Increment(ref _successful);
                return Lease.Granted;
            case Answer.Unavailable:
                return await _inProcess.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            default:
                return null;
        }
    }

    private async ValueTask<Answer> AskRedisAsync(CancellationToken cancellationToken)
    {
        var (connection, reason) = await _fleet.ConnectionOrReasonAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            _fleet.Health.ReportFailure(reason);
            return Answer.Unavailable;
        }

        try
        {
            using var lease = await SharedLimiter(connection)
                .AcquireAsync(1, CancellationToken.None)
                .AsTask()
                .WaitAsync(_fleet.Options.RedisTimeout, _fleet.TimeProvider, cancellationToken)
                .ConfigureAwait(false);
            _fleet.Health.ReportSuccess();
            return lease.IsAcquired ? Answer.Granted : Answer.WindowFull;
        }
        catch (Exception ex) when (RedisRateLimitFleet.IsRedisFailure(ex))
        {
            _fleet.Health.ReportFailure(ex is TimeoutException ? "no answer within RedisTimeout" : ex.GetType().Name);
            return Answer.Unavailable;
        }
    }

    private RedisSlidingWindowRateLimiter<string> SharedLimiter(IConnectionMultiplexer connection)
    {
        lock (_sharedLock)
        {
            if (_shared is null || !ReferenceEquals(_sharedConnection, connection))
            {
                _shared = new RedisSlidingWindowRateLimiter<string>(SharedPartitionKey, new RedisSlidingWindowRateLimiterOptions
                {
                    PermitLimit = _partition.PermitsPerMinute,
                    Window = SharedWindow,
                    ConnectionMultiplexerFactory = () => connection,
                });
                _sharedConnection = connection;
            }

            return _shared;
        }
    }

    /// <summary>The leases of this limiter hold nothing: a sliding-window permit is spent when it is granted.</summary>
    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);
        public static readonly Lease Refused = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
