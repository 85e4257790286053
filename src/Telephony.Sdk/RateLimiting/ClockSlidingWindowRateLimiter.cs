using System.Threading.RateLimiting;

namespace Telephony.Sdk.RateLimiting;

/// <summary>
/// At most <c>permitLimit</c> permits in any window-long span on an injected <see cref="TimeProvider"/>, waiters served
/// first come first served. Hand-written because the BCL's <see cref="SlidingWindowRateLimiter"/> times its segments with
/// <c>Stopwatch</c> even when replenished by hand, so it cannot run on a fake clock. It has no timer: the window slides
/// when asked, and waiters look again once a segment, so an idle key costs nothing.
/// </summary>
internal sealed class ClockSlidingWindowRateLimiter : RateLimiter
{
    private readonly object _lock = new();
    private readonly int _queueLimit;
    private readonly TimeProvider _clock;
    private int _permitLimit;
    private TimeSpan _segment;
    private DateTimeOffset _origin;

    // One segment more than the window: a permit comes back a whole window after it was used, however late in its segment.
    private readonly int[] _usedPerSegment;
    private readonly LinkedList<int> _line = new();
    private readonly CancellationTokenSource _disposed = new();
    private long _currentSegment;
    private int _used;
    private int _queued;
    private long _successful;
    private long _failed;

    public ClockSlidingWindowRateLimiter(int permitLimit, TimeSpan window, int segmentsPerWindow, int queueLimit, TimeProvider clock)
    {
        (_permitLimit, _queueLimit, _clock) = (permitLimit, queueLimit, clock);
        _segment = window / segmentsPerWindow;
        _usedPerSegment = new int[segmentsPerWindow + 1];
        _origin = clock.GetUtcNow();
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Slide(_clock.GetUtcNow());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = Math.Max(0, _permitLimit - _used),
                CurrentQueuedCount = _queued,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    /// <summary>
    /// Follows a new limit, <paramref name="permitLimit"/> per <paramref name="window"/>, keeping the permits in use. With
    /// a new window they all come back a whole new window from now: later than they would have, never sooner.
    /// </summary>
    public void Resize(int permitLimit, TimeSpan window)
    {
        lock (_lock)
        {
            var segment = window / (_usedPerSegment.Length - 1);
            if (segment != _segment)
            {
                var now = _clock.GetUtcNow();
                Slide(now);
                Array.Clear(_usedPerSegment, 0, _usedPerSegment.Length);
                (_usedPerSegment[0], _segment, _origin, _currentSegment) = (_used, segment, now, 0);
            }

            _permitLimit = permitLimit;
        }
    }

    /// <summary>How long a request queued now would wait behind everyone in line; <see langword="null"/> if longer than <paramref name="limit"/>.</summary>
    public TimeSpan? EstimateWait(int permitCount, TimeSpan limit)
    {
        lock (_lock)
        {
            return WaitFor(_queued + permitCount, limit);
        }
    }

    /// <summary>
    /// Settles the permit of <paramref name="lease"/> once its request was answered. One the server refused (429,
    /// <paramref name="refused"/>) it did not count, so it is given back. Any other is counted from now: the server may
    /// have counted the request at any moment until then (a first connection, a queue on the way), so the permit comes
    /// back a window after the answer, not after the send. The lease knows the segment its permit was counted in (the
    /// moment the request left may lie in a later one), and holds nothing, so it may already be disposed.
    /// </summary>
    public void Settle(RateLimitLease lease, bool refused)
    {
        if (lease is not Lease { IsAcquired: true, Segment: var segment })
        {
            return;
        }

        lock (_lock)
        {
            // A lease counted before a new window (Resize) may name a segment still to come: its permit stays where it is.
            var index = (int)(segment % _usedPerSegment.Length);
            var current = Slide(_clock.GetUtcNow());
            if (current - segment is >= 0 and var age && age < _usedPerSegment.Length && _usedPerSegment[index] > 0)
            {
                _usedPerSegment[index]--;
                _used -= refused ? 1 : 0;
                _usedPerSegment[current % _usedPerSegment.Length] += refused ? 0 : 1;
            }
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _permitLimit);
        lock (_lock)
        {
            return _line.Count == 0 && WaitFor(permitCount, TimeSpan.Zero) == TimeSpan.Zero ? Take(permitCount) : Failed();
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        // As the BCL's limiters do: more than the window holds would wait in line forever, and so would everyone behind it.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _permitLimit);
        lock (_lock)
        {
            if (_line.Count == 0 && WaitFor(permitCount, TimeSpan.Zero) == TimeSpan.Zero)
            {
                return ValueTask.FromResult<RateLimitLease>(Take(permitCount));
            }

            if (_disposed.IsCancellationRequested || _queued + permitCount > _queueLimit)
            {
                return ValueTask.FromResult<RateLimitLease>(Failed());
            }

            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
            _queued += permitCount;
            return new ValueTask<RateLimitLease>(WaitInLineAsync(_line.AddLast(permitCount), stop, cancellationToken));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
        }
    }

    private async Task<RateLimitLease> WaitInLineAsync(LinkedListNode<int> place, CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        using (stop)
        {
            try
            {
                while (true)
                {
                    TimeSpan wait;
                    lock (_lock)
                    {
                        wait = WaitFor(Position(place), TimeSpan.MaxValue) ?? TimeSpan.MaxValue;
                        if (wait == TimeSpan.Zero && !_disposed.IsCancellationRequested)
                        {
                            Leave(place);
                            return Take(place.Value);
                        }
                    }

                    // Looked at again every segment: a caller ahead that gives up, or a refund, brings the permit forward.
                    await Task.Delay(wait < _segment ? wait : _segment, _clock, stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Failed();
            }
            finally
            {
                lock (_lock)
                {
                    Leave(place);
                }
            }
        }
    }

    /// <summary>
    /// How long until <paramref name="position"/> permits are free: replays the coming segments, each freeing what it used a
    /// window earlier; what earlier waiters take on the way comes back a window later. <see langword="null"/> past <paramref name="limit"/>.
    /// </summary>
    private TimeSpan? WaitFor(int position, TimeSpan limit)
    {
        // One reading of the clock: a segment boundary crossed between two readings would make the wait negative.
        var now = _clock.GetUtcNow();
        var current = Slide(now);
        var needed = position - (_permitLimit - _used);
        if (needed <= 0)
        {
            return TimeSpan.Zero;
        }

        var used = (int[])_usedPerSegment.Clone();
        used[(int)(current % used.Length)] += Math.Max(0, _permitLimit - _used);
        for (var segment = current + 1; ; segment++)
        {
            var wait = _origin + (segment * _segment) - now;
            if (wait > limit)
            {
                return null;
            }

            var index = (int)(segment % used.Length);
            var taken = Math.Min(used[index], needed);
            (needed, used[index]) = (needed - taken, taken);
            if (needed <= 0)
            {
                return wait;
            }
        }
    }

    private void Leave(LinkedListNode<int> place)
    {
        if (place.List is not null)
        {
            _line.Remove(place);
            _queued -= place.Value;
        }
    }

    private int Position(LinkedListNode<int> place)
    {
        var position = place.Value;
        for (var ahead = place.Previous; ahead is not null; ahead = ahead.Previous)
        {
            position += ahead.Value;
        }

        return position;
    }

    /// <summary>Moves the window to <paramref name="moment"/>: segments that left it give their permits back. Returns the current segment.</summary>
    private long Slide(DateTimeOffset moment)
    {
        var now = SegmentAt(moment);
        for (var segment = Math.Max(_currentSegment + 1, now - _usedPerSegment.Length + 1); segment <= now; segment++)
        {
            var index = (int)(segment % _usedPerSegment.Length);
            _used -= _usedPerSegment[index];
            _usedPerSegment[index] = 0;
        }

        _currentSegment = Math.Max(_currentSegment, now);
        return _currentSegment;
    }

    private long SegmentAt(DateTimeOffset moment) => Math.Max(0, (moment - _origin).Ticks / _segment.Ticks);

    private Lease Take(int permitCount)
    {
        _usedPerSegment[_currentSegment % _usedPerSegment.Length] += permitCount;
        _used += permitCount;
        _successful++;
        return new Lease(acquired: true, _currentSegment);
    }

    private Lease Failed()
    {
        Interlocked.Increment(ref _failed);
        return Lease.Rejected;
    }

    private sealed class Lease(bool acquired, long segment = 0) : RateLimitLease
    {
        public static readonly Lease Rejected = new(acquired: false);

        public override bool IsAcquired => acquired;

        /// <summary>Gets the segment the permit was counted in.</summary>
        public long Segment => segment;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
