using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Telephony.Sdk.Redis;

/// <summary>
/// The limiter of one API key in one process, taking its permits from a sliding window in Redis shared by every
/// instance (RedisRateLimiting's <see cref="RedisSlidingWindowRateLimiter{TKey}"/>). While the window is full, requests
/// wait here in order and one of them asks Redis again every <see cref="TelephonyRedisRateLimitOptions.PermitPollInterval"/>
/// (under a limit the server states, when the window's oldest permit leaves).
/// While Redis does not answer, permits come from the SDK's in-process limiter. While nothing is known of the key's limit,
/// the instance's requests also take turns in flight (<see cref="InFlightBound"/>). Also carries the key's server backoff
/// to and from the other instances (<see cref="ITelephonySharedBackoff"/>; stored in Redis, published, and read again
/// with each permit), and the key's limit as the server states it and the pace learnt from 429s
/// (<see cref="ITelephonySharedRateLimit"/>): a stated limit is kept on every
/// instance by a shared window of that size in milliseconds instead (<see cref="StatedLimitWindow"/>), and a learnt pace
/// is made the key's (<see cref="FleetPace"/>), which every instance's requests reserve their slots from before they
/// take a permit.
/// </summary>
internal sealed class FleetRateLimiter : RateLimiter, ITelephonySharedBackoff, ITelephonySharedRateLimit
{
    // A permit returns a sixtieth of the window late (a second after a full minute), so clocks a little apart and the
    // request's travel time after its permit never let a server-side window see more than the limit.
    private const double WindowSlack = 61.0 / 60;
    private static readonly TimeSpan SlotRecheck = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan StatedLimitSettles = TimeSpan.FromSeconds(1);

    // The longest pause a request that took its permit as the pause began waits out here, for the pace learnt from its
    // 429 (a Redis round trip or two later) or a spaced turn: a Retry-After of a second or two, or the fleet's own backoff
    // without one (twice BaseDelay). A longer pause is left to the SDK, which fails a call at once when the pause
    // outlasts its budget.
    private static readonly TimeSpan PauseWaitedHere = TimeSpan.FromSeconds(2);

    // RedisRateLimiting stamps each permit in whole seconds (DateTimeOffset.UtcNow.ToUnixTimeSeconds()), so a permit
    // stamped late in its second returns up to a second early: one more second keeps the slack above whole. Only the
    // configured or documented window needs it: a stated limit's window stamps milliseconds.
    private static readonly TimeSpan WholeSecondStamps = TimeSpan.FromSeconds(1);

    /// <summary>The size of the configured or documented window in Redis, for a limit per minute.</summary>
    internal static readonly TimeSpan PerMinuteWindow = (TimeSpan.FromMinutes(1) * WindowSlack) + WholeSecondStamps;

    private readonly TelephonyRateLimitPartition _partition;
    private readonly RedisRateLimitFleet _fleet;
    private readonly RateLimiter _inProcess;
    private readonly SemaphoreSlim _line = new(1, 1);
    private RedisSlidingWindowRateLimiter<string>? _shared;
    private readonly Lazy<Task> _backoffLoaded;
    private readonly RedisKey _backoffKey;
    private int _queued;
    // How long until the shared window has room, as its last answer said: none unless it was full.
    private long _roomInTicks;
    private long _backoffUntilTicks;
    private long _successful;
    private long _failed;
    private SharedLimit _limit;
    private readonly FleetPace _pace = new();
    private readonly InFlightBound _inFlight;

    public FleetRateLimiter(TelephonyRateLimitPartition partition, RedisRateLimitFleet fleet)
    {
        _partition = partition;
        _fleet = fleet;
        _inProcess = TelephonyRateLimiters.CreateSlidingWindow(partition, fleet.TimeProvider);
        _limit = new SharedLimit(partition.PermitsPerMinute, TimeSpan.FromMinutes(1), Stated: false);
        _backoffLoaded = new Lazy<Task>(LoadBackoffAsync, LazyThreadSafetyMode.ExecutionAndPublication);
        _backoffKey = fleet.BackoffKeyFor(partition.KeyId);
        _inFlight = new InFlightBound(partition.PermitsPerMinute / 60.0, fleet.TimeProvider);
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

    /// <summary>The key's whole-second window, as RedisRateLimiting names it.</summary>
    internal string WholeSecondWindowKey => $"rl:sw:{{{SharedPartitionKey}}}";

    /// <summary>The key's window while a server states its limit: beside the whole-second one, in the same hash slot.</summary>
    internal string StatedWindowKey => WholeSecondWindowKey + ":ms";

    /// <summary>Gets the limit of the shared window: the configured or documented one until a server states another.</summary>
    internal (int Limit, TimeSpan Window) Limit => Volatile.Read(ref _limit) is var limit ? (limit.Permits, limit.Window) : default;

    /// <summary>Gets a value indicating whether the permits of a stated limit are spaced evenly (<see cref="SpaceEvenlyAfterRefusal"/>).</summary>
    internal bool EvenPermits => Volatile.Read(ref _limit).Even;

    public void ReportBackoff(DateTimeOffset until)
    {
        RaiseBackoff(until);
        _fleet.PublishBackoff(_partition.KeyId, until);
        SpaceEvenlyAfterRefusal();
    }

    public void ReportLimit(int limit, TimeSpan window)
    {
        if (AdoptLimit(limit, window))
        {
            _fleet.PublishLimit(_partition.KeyId, limit, window, Volatile.Read(ref _limit).Even);
        }
    }

    public void ReportPace(double requestsPerSecond, DateTimeOffset learnedAt) => _ = DecreasePaceAsync(requestsPerSecond, learnedAt);

    /// <summary>
    /// Makes the key's pace from the pace the SDK learnt for this instance's share of the load, with the fleet's count of
    /// requests read fresh from Redis, and tells the fleet; never throws.
    /// </summary>
    internal async Task DecreasePaceAsync(double requestsPerSecond, DateTimeOffset learnedAt)
    {
        try
        {
            if (_fleet.ConnectedOrNull(out _) is { } connection)
            {
                await _pace.RefreshAsync(connection.GetDatabase(), _fleet.SlotsKeyFor(_partition.KeyId))
                    .WaitAsync(_fleet.Options.RedisTimeout, _fleet.TimeProvider).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (RedisRateLimitFleet.IsRedisFailure(ex))
        {
            // The count this instance last read stands in.
        }

        var resumeAt = BackoffUntil is { } until && until > learnedAt ? until : learnedAt;
        var limit = Volatile.Read(ref _limit);
        var statedRate = limit.Stated ? limit.Permits / limit.Window.TotalSeconds : (double?)null;
        if (_pace.Decrease(requestsPerSecond, learnedAt, statedRate) is { } keyWide && _pace.Adopt(keyWide, learnedAt, resumeAt))
        {
            _fleet.PublishPace(_partition.KeyId, keyWide, learnedAt, resumeAt);
        }
    }

    public bool TryGetPace(out double requestsPerSecond, out DateTimeOffset learnedAt)
    {
        var now = _fleet.TimeProvider.GetUtcNow();
        (requestsPerSecond, learnedAt) = (_pace.InstanceShare(now) ?? 0, _pace.LearnedAt ?? default);
        return requestsPerSecond > 0;
    }

    /// <summary>Gets the key's pace across the fleet now, in requests per second; <see langword="null"/> while none holds.</summary>
    internal double? KeyPace => _pace.Rate(_fleet.TimeProvider.GetUtcNow());

    /// <summary>
    /// Takes a limit a server stated (here or at another instance): permits come from a window of that size in
    /// milliseconds, spaced evenly once the server refused a request the window let through (<paramref name="even"/>,
    /// which stays so).
    /// </summary>
    internal bool AdoptLimit(int limit, TimeSpan window, bool even = false)
    {
        var current = Volatile.Read(ref _limit);
        var same = current.Stated && current.Permits == limit && current.Window == window;
        even |= current.Even;
        if (limit <= 0 || window <= TimeSpan.Zero || (same && current.Even == even))
        {
            return false;
        }

        // Every instance counts in the same Redis window: the next permit is asked with the new limit and window.
        Volatile.Write(ref _limit, new SharedLimit(limit, window, Stated: true, even, same ? current.Since : _fleet.TimeProvider.GetUtcNow()));
        return true;
    }

    /// <summary>
    /// A 429 while the fleet kept to a limit the server stated (for a second or more: a request sent before the limit
    /// was stated may be refused for it): the server frees its quota more slowly than a window of that size would, for
    /// example spread over the next window, as an HAProxy stick table's rate does. From then on the fleet's permits are
    /// also spaced evenly at the stated rate, which any server stating that limit accepts.
    /// </summary>
    private void SpaceEvenlyAfterRefusal()
    {
        var stated = Volatile.Read(ref _limit);
        if (stated is { Stated: true, Even: false } && _fleet.TimeProvider.GetUtcNow() - stated.Since >= StatedLimitSettles &&
            AdoptLimit(stated.Permits, stated.Window, even: true))
        {
            _fleet.PublishLimit(_partition.KeyId, stated.Permits, stated.Window, even: true);
        }
    }

    /// <summary>Takes a key-wide pace an instance learnt, if it is the latest known here.</summary>
    internal bool AdoptPace(double requestsPerSecond, DateTimeOffset learnedAt) =>
        _pace.Adopt(requestsPerSecond, learnedAt, BackoffUntil is { } until && until > learnedAt ? until : learnedAt);

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

    /// <summary>Learns a backoff, a stated limit and a pace that other instances stored before this one started using the key.</summary>
    private async Task LoadBackoffAsync()
    {
        try
        {
            var (connection, _) = await _fleet.ConnectionOrReasonAsync(CancellationToken.None).ConfigureAwait(false);
            if (connection is null)
            {
                return;
            }

            var database = connection.GetDatabase();
            var stored = await database.StringGetAsync(
                [_backoffKey, _fleet.LimitKeyFor(_partition.KeyId), _fleet.PaceKeyFor(_partition.KeyId)]).ConfigureAwait(false);
            if (PauseUntil(stored[0]) is { } until)
            {
                RaiseBackoff(until);
            }

            // What the instances that came first learnt of the key's limit and pace: this one starts from there.
            RedisRateLimitFleet.TakeRate(this, stored[1]);
            RedisRateLimitFleet.TakeRate(this, stored[2]);
        }
        catch (Exception ex) when (RedisRateLimitFleet.IsRedisFailure(ex))
        {
            // Not known here: the first 429 of the key tells this instance instead.
        }
    }

    // A missing key is no backoff: RedisValue.TryParse reads null as 0, which would report one at the Unix epoch.
    private static DateTimeOffset? PauseUntil(RedisValue stored) =>
        !stored.IsNull && stored.TryParse(out long untilMs) ? DateTimeOffset.FromUnixTimeMilliseconds(untilMs) : null;

    /// <summary>
    /// The key's backoff as an instance stored it in Redis; <see langword="null"/> if none, or if Redis did not answer.
    /// Asked just before the permit on the same connection, it is answered first: the permit's own wait bounds it.
    /// </summary>
    private async Task<DateTimeOffset?> StoredPauseAsync(IDatabaseAsync database)
    {
        try
        {
            return PauseUntil(await database.StringGetAsync(_backoffKey).ConfigureAwait(false));
        }
        catch (Exception ex) when (RedisRateLimitFleet.IsRedisFailure(ex))
        {
            return null;
        }
    }

    /// <summary>
    /// Waits (at most <see cref="TelephonyRedisRateLimitOptions.RedisTimeout"/>) until a backoff stored by another
    /// instance has been read, so the SDK's check after the permit sees it before this instance's first request goes.
    /// </summary>
    private async ValueTask EnsureBackoffLoadedAsync(CancellationToken cancellationToken)
    {
        var loaded = _backoffLoaded.Value;
        if (!loaded.IsCompleted)
        {
            await loaded.WaitAsync(_fleet.Options.RedisTimeout, _fleet.TimeProvider, cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
        await EnsureBackoffLoadedAsync(cancellationToken).ConfigureAwait(false);
        RateLimitLease? lease = null;
        InFlightBound.Ticket? turn = null;
        try
        {
            while (true)
            {
                var epoch = _pace.Epoch;
                if (!await TakeSlotAsync(cancellationToken).ConfigureAwait(false))
                {
                    return lease is null ? await _inProcess.AcquireAsync(1, cancellationToken).ConfigureAwait(false) : InFlight(lease, turn);
                }

                // A permit is spent in the shared window once per request: one that lines up again keeps it. Spent again, the
                // window would count requests never sent and hold the key's last requests for up to a window (62 s).
                lease ??= await TakePermitAsync(cancellationToken).ConfigureAwait(false);

                // Nothing is known of the key's limit yet (none stated, no pace, no pause): the request also waits for a turn
                // in flight (InFlightBound), so a server whose burst runs out refuses a few requests, not every caller's.
                if (lease.IsAcquired && turn is null && KnowsNothingOfTheLimit(_fleet.TimeProvider.GetUtcNow()))
                {
                    turn = await _inFlight.EnterAsync(cancellationToken).ConfigureAwait(false);
                }

                // The server was found full while this request waited for its permit or its turn: while the key is paced, it
                // lines up again at the key's pace after the pause, rather than leaving with every other request held by the
                // pause when it ends. A pace learnt from that 429 comes a Redis round trip after its pause: the request waits
                // for it here, through a pause of up to PauseWaitedHere. While permits are spaced, it takes a spaced turn after
                // the pause instead, its permit moved to it. Otherwise, or through a longer pause, the SDK holds it for the pause.
                var now = _fleet.TimeProvider.GetUtcNow();
                if (lease.IsAcquired && _pace.Rate(now) is null && BackoffUntil > now)
                {
                    if (!await PauseEndsOrPaceArrivesAsync(now, cancellationToken).ConfigureAwait(false))
                    {
                        return InFlight(lease, turn);
                    }

                    if (_pace.Rate(_fleet.TimeProvider.GetUtcNow()) is null)
                    {
                        return InFlight(EvenPermits && lease is Lease { PermitId: { } taken } ? await TakePermitAsync(cancellationToken, taken).ConfigureAwait(false) : lease, turn);
                    }
                }
                else if (!lease.IsAcquired || _pace.Rate(now) is null || (epoch == _pace.Epoch && !(BackoffUntil > now)))
                {
                    return InFlight(lease, turn);
                }

                // Lines up again at the key's pace: a paced request needs no turn in flight.
                turn?.End(roundTrip: false);
                turn = null;
            }
        }
        catch
        {
            turn?.End(roundTrip: false);
            lease?.Dispose();
            throw;
        }
    }

    private bool KnowsNothingOfTheLimit(DateTimeOffset now) =>
        !Volatile.Read(ref _limit).Stated && _pace.Rate(now) is null && !(BackoffUntil > now);

    // The permit, holding the request's turn in flight if it took one: its time in flight is a round trip to learn from
    // unless a pause began meanwhile (the SDK may have held it for the pause).
    private RateLimitLease InFlight(RateLimitLease permit, InFlightBound.Ticket? turn)
    {
        if (turn is null)
        {
            return permit;
        }

        var since = _fleet.TimeProvider.GetUtcNow();
        return new InFlightLease(permit, turn, () => !(BackoffUntil > since));
    }

    /// <summary>
    /// Waits while the key is paused and has no pace, as long as the pause has no more than <see cref="PauseWaitedHere"/>
    /// left (later 429s may raise it); whether the pause is over or a pace holds then.
    /// </summary>
    private async ValueTask<bool> PauseEndsOrPaceArrivesAsync(DateTimeOffset from, CancellationToken cancellationToken)
    {
        var clock = _fleet.TimeProvider;
        for (var now = from; _pace.Rate(now) is null && BackoffUntil - now is { Ticks: > 0 } left; now = clock.GetUtcNow())
        {
            if (left > PauseWaitedHere)
            {
                return false;
            }

            await Task.Delay(left < SlotRecheck ? left : SlotRecheck, clock, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>A permit from the shared window, waiting in line while it is full (or from the in-process limiter while Redis does not answer).</summary>
    private async ValueTask<RateLimitLease> TakePermitAsync(CancellationToken cancellationToken, string? moves = null)
    {
        // Nobody waiting: ask Redis straight away, concurrently with other callers.
        var justAsked = false;
        if (Volatile.Read(ref _queued) == 0)
        {
            if (await TryTakeAsync(cancellationToken, moves).ConfigureAwait(false) is { } immediate)
            {
                return immediate;
            }

            justAsked = true;
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
                    // Redis said "full" a moment ago: asking again at once could only get the same answer, so ask when a permit
                    // leaves (a stated limit's window says when) or at the poll interval. After a permit was granted to the
                    // one ahead in line, there may be room for more: ask at once.
                    if (justAsked && Interlocked.Read(ref _roomInTicks) is > 0 and var room)
                    {
                        await Task.Delay(TimeSpan.FromTicks(room), _fleet.TimeProvider, cancellationToken).ConfigureAwait(false);
                    }

                    if (await TryTakeAsync(cancellationToken, moves).ConfigureAwait(false) is { } granted)
                    {
                        return granted;
                    }

                    justAsked = true;
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
        // The line's semaphore is left to the collector: a request may still release it, and its wait handle is never made.
        if (disposing)
        {
            _inProcess.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _inProcess.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for this request's slot of the key's pace, reserved in Redis (the request is only counted while no pace
    /// holds); <see langword="false"/> if Redis did not answer. A slot reserved before another pace was taken is given up
    /// and a new one reserved: the pace changed because the server was full.
    /// </summary>
    private async ValueTask<bool> TakeSlotAsync(CancellationToken cancellationToken)
    {
        var (connection, reason) = await _fleet.ConnectionOrReasonAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            _fleet.Health.ReportFailure(reason);
            return false;
        }

        while (true)
        {
            var epoch = _pace.Epoch;
            var now = _fleet.TimeProvider.GetUtcNow();

            // A paced key's slots start after the pause: one is reserved once it is over, not hours ahead of it.
            if (BackoffUntil is { } until && until > now && _pace.Rate(now) is not null)
            {
                await Task.Delay(until - now, _fleet.TimeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            TimeSpan wait;
            try
            {
                wait = await _pace.ReserveAsync(connection.GetDatabase(), _fleet.SlotsKeyFor(_partition.KeyId), now, BackoffUntil ?? now)
                    .WaitAsync(_fleet.Options.RedisTimeout, _fleet.TimeProvider, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (RedisRateLimitFleet.IsRedisFailure(ex))
            {
                _fleet.Health.ReportFailure(ex is TimeoutException ? "no answer within RedisTimeout" : ex.GetType().Name);
                return false;
            }

            // Looked at again at least every SlotRecheck: a slot far ahead at a pace given up since is reserved anew.
            var slot = now + wait;
            for (var left = wait; left > TimeSpan.Zero && epoch == _pace.Epoch; left = slot - _fleet.TimeProvider.GetUtcNow())
            {
                await Task.Delay(left < SlotRecheck ? left : SlotRecheck, _fleet.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            // A slot whose time came during a pause raised meanwhile is given up too, before its request takes a permit: it
            // lines up again once the pause is over.
            var reached = _fleet.TimeProvider.GetUtcNow();
            if (epoch == _pace.Epoch && !(BackoffUntil > reached && _pace.Rate(reached) is not null))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// A permit from Redis, or from the in-process limiter while Redis does not answer; <see langword="null"/> while the
    /// shared window is full. A permit this request took before (<paramref name="moves"/>) leaves the stated limit's
    /// window as the new one is asked for: a request spends one permit.
    /// </summary>
    private async ValueTask<RateLimitLease?> TryTakeAsync(CancellationToken cancellationToken, string? moves = null)
    {
        // While permits are spaced, none is taken during a 429's pause: the SDK would hold each until the pause ended and
        // send them all together, undoing the spacing. The line waits for the pause's end as it waits for room.
        if (EvenPermits && BackoffUntil - _fleet.TimeProvider.GetUtcNow() is { Ticks: > 0 } pause)
        {
            Interlocked.Exchange(ref _roomInTicks, pause.Ticks);
            return null;
        }

        var (answer, permitId) = await AskRedisAsync(moves, cancellationToken).ConfigureAwait(false);
        if (answer == Answer.Unavailable)
        {
            Interlocked.Exchange(ref _roomInTicks, 0);
        }

        switch (answer)
        {
            case Answer.Granted:
                Interlocked.Increment(ref _successful);
                return permitId is null ? Lease.Granted : new Lease(true) { PermitId = permitId };
            case Answer.Unavailable:
                return await _inProcess.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            default:
                return null;
        }
    }

    /// <summary>Asks the shared window for a permit; the permit's name when a stated limit's window granted it.</summary>
    private async ValueTask<(Answer Answer, string? PermitId)> AskRedisAsync(string? moves, CancellationToken cancellationToken)
    {
        var (connection, reason) = await _fleet.ConnectionOrReasonAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            _fleet.Health.ReportFailure(reason);
            return (Answer.Unavailable, null);
        }

        try
        {
            // Read beside the permit, in the same round trip: a pause another instance stored holds this request even when
            // its message comes late (a busy process) or never (a channel delivers at most once).
            var database = connection.GetDatabase();
            var storedPause = StoredPauseAsync(database);
            var limit = Volatile.Read(ref _limit);
            TimeSpan room;
            string? permitId = null;
            if (limit.Stated)
            {
                permitId = Guid.NewGuid().ToString("N");
                var size = limit.Window * WindowSlack;
                room = await StatedLimitWindow.TryTakeAsync(
                        database, StatedWindowKey, WholeSecondWindowKey, limit.Permits, size, limit.Even ? size / limit.Permits : TimeSpan.Zero, _fleet.TimeProvider.GetUtcNow(), permitId, moves)
                    .WaitAsync(_fleet.Options.RedisTimeout, _fleet.TimeProvider, cancellationToken)
                    .ConfigureAwait(false);
            }
            else
            {
                using var lease = await SharedLimiter(connection)
                    .AcquireAsync(1, CancellationToken.None)
                    .AsTask()
                    .WaitAsync(_fleet.Options.RedisTimeout, _fleet.TimeProvider, cancellationToken)
                    .ConfigureAwait(false);
                room = lease.IsAcquired ? TimeSpan.Zero : _fleet.Options.PermitPollInterval;
            }

            _fleet.Health.ReportSuccess();
            if (await storedPause.ConfigureAwait(false) is { } until)
            {
                RaiseBackoff(until);
            }

            Interlocked.Exchange(ref _roomInTicks, room.Ticks);
            return room == TimeSpan.Zero ? (Answer.Granted, permitId) : (Answer.WindowFull, null);
        }
        catch (Exception ex) when (RedisRateLimitFleet.IsRedisFailure(ex))
        {
            _fleet.Health.ReportFailure(ex is TimeoutException ? "no answer within RedisTimeout" : ex.GetType().Name);
            return (Answer.Unavailable, null);
        }
    }

    // The fleet's connection is made once and kept (it reconnects by itself), so the window's client is made once too. It
    // serves the configured or documented limit, which never changes once the limiter is made.
    private RedisSlidingWindowRateLimiter<string> SharedLimiter(IConnectionMultiplexer connection) =>
        Volatile.Read(ref _shared) ?? Interlocked.CompareExchange(ref _shared, CreateSharedLimiter(connection), null) ?? _shared!;

    private RedisSlidingWindowRateLimiter<string> CreateSharedLimiter(IConnectionMultiplexer connection) =>
        new(SharedPartitionKey, new RedisSlidingWindowRateLimiterOptions
        {
            PermitLimit = _partition.PermitsPerMinute,
            Window = PerMinuteWindow,
            ConnectionMultiplexerFactory = () => connection,
        });

    /// <summary>
    /// The shared window's size: so many permits per window, as configured or documented, or as a server stated it (since
    /// when, here); and whether its permits are spaced evenly (the server refused a request that a stated limit let through).
    /// </summary>
    private sealed record SharedLimit(int Permits, TimeSpan Window, bool Stated, bool Even = false, DateTimeOffset Since = default);

    /// <summary>A permit whose request holds a turn in flight (<see cref="InFlightBound"/>) until the lease is disposed.</summary>
    private sealed class InFlightLease(RateLimitLease permit, InFlightBound.Ticket ticket, Func<bool> roundTrip) : RateLimitLease
    {
        public override bool IsAcquired => permit.IsAcquired;

        public override IEnumerable<string> MetadataNames => permit.MetadataNames;

        public override bool TryGetMetadata(string metadataName, out object? metadata) => permit.TryGetMetadata(metadataName, out metadata);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                ticket.End(roundTrip());
                permit.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>The leases of this limiter hold nothing: a sliding-window permit is spent when it is granted.</summary>
    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);
        public static readonly Lease Refused = new(false);

        public override bool IsAcquired => acquired;

        /// <summary>Gets the permit's name in the stated limit's window; <see langword="null"/> for any other permit.</summary>
        public string? PermitId { get; init; }

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
