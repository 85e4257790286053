namespace Telephony.Sdk.Redis;

/// <summary>
/// How many of one key's requests an instance keeps in flight while the fleet knows nothing of the key's limit: no more
/// than the key's documented or configured rate needs over a round trip (Little's law, doubled), at least one. A server
/// that takes a burst smaller than that limit refuses every request in flight when the burst runs out; at the usual
/// round trip, far fewer are in flight than callers wait, and a burst still goes out at many times the rate. A request
/// in flight longer than twice the usual round trip (a second, before one is known) no longer counts, so one slow call
/// never holds the others.
/// Hand-written: System.Threading.RateLimiting's <c>ConcurrencyLimiter</c> has a fixed limit and no notion of time.
/// Thread-safe.
/// </summary>
internal sealed class InFlightBound(double permitsPerSecond, TimeProvider clock)
{
    // A new round trip weighs an eighth in the smoothed one, as TCP smooths its round-trip time (RFC 6298).
    private const double Gain = 1.0 / 8;
    private static readonly TimeSpan CountedBeforeARoundTrip = TimeSpan.FromSeconds(1);

    private readonly object _lock = new();
    private readonly List<long> _started = [];
    private TaskCompletionSource _left = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private double? _roundTripSeconds;

    /// <summary>Gets the requests that may be in flight now.</summary>
    public int Bound
    {
        get
        {
            lock (_lock)
            {
                return BoundLocked();
            }
        }
    }

    /// <summary>Gets the smoothed round trip of the requests that ended so far; <see langword="null"/> before the first.</summary>
    public TimeSpan? RoundTrip
    {
        get
        {
            lock (_lock)
            {
                return _roundTripSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
            }
        }
    }

    /// <summary>Waits until one more request may be in flight; <see cref="Ticket.End"/> says the request ended.</summary>
    public async ValueTask<Ticket> EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task left;
            TimeSpan agesOut;
            lock (_lock)
            {
                var now = clock.GetTimestamp();
                if (CountingLocked(now, out agesOut) < BoundLocked())
                {
                    _started.Add(now);
                    return new Ticket(this, now);
                }

                left = _left.Task;
            }

            // Woken when a request ends, or when the oldest one counted stops counting.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(left, Task.Delay(agesOut, clock, timeout.Token)).ConfigureAwait(false);
            await timeout.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private void Leave(long started, bool learn)
    {
        TaskCompletionSource left;
        lock (_lock)
        {
            _started.Remove(started);
            if (learn)
            {
                var seconds = clock.GetElapsedTime(started).TotalSeconds;
                _roundTripSeconds = _roundTripSeconds is { } smoothed ? smoothed + (Gain * (seconds - smoothed)) : seconds;
            }

            (left, _left) = (_left, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        left.TrySetResult();
    }

    // Until a round trip is known, one at a time: the first answer comes at once on a fast server.
    private int BoundLocked() =>
        _roundTripSeconds is { } seconds ? (int)Math.Clamp(Math.Ceiling(2 * permitsPerSecond * seconds), 1, int.MaxValue) : 1;

    // The requests in flight that still count, and how long until the oldest of them stops counting.
    private int CountingLocked(long now, out TimeSpan agesOut)
    {
        agesOut = Timeout.InfiniteTimeSpan;
        var counted = _roundTripSeconds is { } seconds ? TimeSpan.FromSeconds(2 * seconds) : CountedBeforeARoundTrip;
        var count = 0;
        foreach (var started in _started)
        {
            var left = counted - clock.GetElapsedTime(started, now);
            if (left > TimeSpan.Zero)
            {
                count++;
                agesOut = agesOut == Timeout.InfiniteTimeSpan || left < agesOut ? left : agesOut;
            }
        }

        return count;
    }

    /// <summary>A request in flight.</summary>
    public sealed class Ticket(InFlightBound bound, long started)
    {
        private int _ended;

        /// <summary>The request ended (once; later calls do nothing).</summary>
        /// <param name="roundTrip">Whether its time in flight is a round trip to learn from (not one held by a pause).</param>
        public void End(bool roundTrip)
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                bound.Leave(started, roundTrip);
            }
        }
    }
}
