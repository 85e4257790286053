using System.Threading.RateLimiting;

namespace Telephony.Sdk.Resilience;

/// <summary>
/// A sliding-window limiter driven by an injected <see cref="TimeProvider"/>: at most <c>permitLimit</c> permits in any
/// window-long span, waiters served first come first served. Written here because the BCL's <see cref="SlidingWindowRateLimiter"/>
/// measures time with <c>Stopwatch</c> even when replenished by hand, so it cannot run on a fake clock in tests.
/// </summary>
internal sealed class ClockSlidingWindowRateLimiter : RateLimiter
{
    private readonly object _lock = new();
    private readonly int[] _usedPerSegment;
    private readonly int _queueLimit;
    private readonly LinkedList<Waiter> _queue = new();
    private readonly ITimer _timer;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _segment;
    private DateTimeOffset _nextReplenishment;
    private int _currentSegment;
    private int _available;
    private int _queued;
    private long _successful;
    private long _failed;
    private bool _disposed;

    public ClockSlidingWindowRateLimiter(int permitLimit, TimeSpan window, int segmentsPerWindow, int queueLimit, TimeProvider timeProvider)
    {
        _available = permitLimit;

        // One segment more than the window: a permit comes back only after a whole window has passed since it was
        // used (a permit taken late in a segment would otherwise return up to one segment early), so any window-long
        // span holds at most permitLimit requests, however the server aligns its own windows.
        _usedPerSegment = new int[segmentsPerWindow + 1];
        _queueLimit = queueLimit;
        _timeProvider = timeProvider;
        _segment = window / segmentsPerWindow;
        _nextReplenishment = timeProvider.GetUtcNow() + _segment;
        // The timer holds the limiter weakly: a limiter no client uses any more is collected, and its timer then stops.
        var holder = new TimerTarget(new WeakReference<ClockSlidingWindowRateLimiter>(this));
        _timer = timeProvider.CreateTimer(static state => ((TimerTarget)state!).Tick(), holder, _segment, _segment);
        holder.Timer = _timer;
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _available,
                CurrentQueuedCount = _queued,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    /// <summary>
    /// How long a request for <paramref name="permitCount"/> permits queued now would wait, behind everyone already
    /// queued; <see langword="null"/> if that is longer than <paramref name="limit"/>.
    /// </summary>
    public TimeSpan? EstimateWait(int permitCount, TimeSpan limit)
    {
        lock (_lock)
        {
            var needed = _queued + permitCount - _available;
            if (needed <= 0)
            {
                return TimeSpan.Zero;
            }

            // Replays the coming replenishments: each frees what its segment used a window earlier,
            // and what waiters take at that tick comes back one window later.
            var used = (int[])_usedPerSegment.Clone();
            var wait = _nextReplenishment - _timeProvider.GetUtcNow();
            for (var tick = 1; wait <= limit; tick++, wait += _segment)
            {
                var index = (_currentSegment + tick) % used.Length;
                var freed = used[index];
                var taken = Math.Min(freed, needed);
                needed -= taken;
                used[index] = taken;
                if (needed <= 0)
                {
                    return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// A permit if one is free now and nobody is queued, as <see cref="RateLimiter.AcquireAsync"/> would grant it without
    /// waiting; <see langword="null"/> otherwise, counted as neither a success nor a failure.
    /// </summary>
    public RateLimitLease? TryAcquireNow(int permitCount)
    {
        lock (_lock)
        {
            return TryTake(permitCount) ? Lease.Acquired : null;
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_lock)
        {
            return TryTake(permitCount) ? Lease.Acquired : Failed();
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (TryTake(permitCount))
            {
                return ValueTask.FromResult<RateLimitLease>(Lease.Acquired);
            }

            if (_disposed || _queued + permitCount > _queueLimit)
            {
                return ValueTask.FromResult(Failed());
            }

            waiter = new Waiter(permitCount, cancellationToken);
            waiter.Node = _queue.AddLast(waiter);
            _queued += permitCount;
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(
                static state =>
                {
                    var (limiter, queued) = ((ClockSlidingWindowRateLimiter, Waiter))state!;
                    limiter.Cancel(queued);
                },
                (this, waiter));
        }

        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        _timer.Dispose();
        List<Waiter> abandoned;
        lock (_lock)
        {
            _disposed = true;
            abandoned = [.. _queue];
            _queue.Clear();
            _queued = 0;
        }

        foreach (var waiter in abandoned)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(Lease.Rejected);
        }
    }

    private bool TryTake(int permitCount)
    {
        // Queued callers go first: a newcomer may not overtake them.
        if (_disposed || _queue.Count > 0 || _available < permitCount)
        {
            return false;
        }

        _available -= permitCount;
        _usedPerSegment[_currentSegment] += permitCount;
        _successful++;
        return true;
    }

    private RateLimitLease Failed()
    {
        _failed++;
        return Lease.Rejected;
    }

    /// <summary>
    /// Gives back a permit taken at <paramref name="takenAt"/> for a request the server refused (429): it did not count
    /// that request, so neither does the window. A permit whose segment has already left the window is back anyway.
    /// </summary>
    public void Refund(DateTimeOffset takenAt)
    {
        List<Waiter>? served;
        lock (_lock)
        {
            var currentStart = _nextReplenishment - _segment;
            var segmentsAgo = takenAt >= currentStart ? 0 : (int)Math.Ceiling((currentStart - takenAt) / _segment);
            var index = (_currentSegment - segmentsAgo + _usedPerSegment.Length) % _usedPerSegment.Length;
            if (segmentsAgo >= _usedPerSegment.Length - 1 || _usedPerSegment[index] == 0)
            {
                return;
            }

            _usedPerSegment[index]--;
            _available++;
            served = ServeWaiters();
        }

        Complete(served);
    }

    private void Replenish()
    {
        List<Waiter>? served;
        lock (_lock)
        {
            _nextReplenishment = _timeProvider.GetUtcNow() + _segment;

            // The oldest segment leaves the window: its permits come back, and the segment starts afresh.
            _currentSegment = (_currentSegment + 1) % _usedPerSegment.Length;
            _available += _usedPerSegment[_currentSegment];
            _usedPerSegment[_currentSegment] = 0;
            served = ServeWaiters();
        }

        Complete(served);
    }

    private List<Waiter>? ServeWaiters()
    {
        List<Waiter>? served = null;
        while (_queue.First is { } first && first.Value.PermitCount <= _available)
        {
            var waiter = first.Value;
            _queue.RemoveFirst();
            waiter.Node = null;
            _queued -= waiter.PermitCount;
            _available -= waiter.PermitCount;
            _usedPerSegment[_currentSegment] += waiter.PermitCount;
            _successful++;
            (served ??= []).Add(waiter);
        }

        return served;
    }

    // Completed outside the lock: continuations may run inline.
    private static void Complete(List<Waiter>? served)
    {
        foreach (var waiter in served ?? [])
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(Lease.Acquired);
        }
    }

    private void Cancel(Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.Node is null)
            {
                return;
            }

            _queue.Remove(waiter.Node);
            waiter.Node = null;
            _queued -= waiter.PermitCount;
        }

        waiter.Completion.TrySetCanceled(waiter.CancellationToken);
    }

    private sealed class TimerTarget(WeakReference<ClockSlidingWindowRateLimiter> limiter)
    {
        public ITimer? Timer { get; set; }

        public void Tick()
        {
            if (limiter.TryGetTarget(out var target))
            {
                target.Replenish();
            }
            else
            {
                Timer?.Dispose();
            }
        }
    }

    private sealed class Waiter(int permitCount, CancellationToken cancellationToken)
    {
        public int PermitCount { get; } = permitCount;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Acquired = new(acquired: true);
        public static readonly Lease Rejected = new(acquired: false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
