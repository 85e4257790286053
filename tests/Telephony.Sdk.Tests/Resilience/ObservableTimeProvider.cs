using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Telephony.Sdk.Tests.Resilience;

/// <summary>
/// A fake clock that reports every timer created on it, so a test can wait until code is waiting on it, and which
/// one-shot timers are still pending (neither fired nor disposed), so a test can tell when every caller has settled.
/// </summary>
internal sealed class ObservableTimeProvider : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();
    private readonly ConcurrentDictionary<PendingTimer, TimeSpan> _pending = new();
    private readonly SemaphoreSlim _created = new(0);

    public ObservableTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public ObservableTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Gets the due times of the one-shot timers created so far (periodic timers are left out).</summary>
    public IReadOnlyList<TimeSpan> OneShotDueTimes => [.. _dueTimes];

    /// <summary>Gets the due times (as created) of the one-shot timers that have neither fired nor been disposed.</summary>
    public IReadOnlyList<TimeSpan> PendingOneShotDueTimes => [.. _pending.Values];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan || dueTime == Timeout.InfiniteTimeSpan)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        // Marked fired before the callback runs: once Advance returns, a fired timer is no longer pending.
        var pending = new PendingTimer(_pending);
        _pending[pending] = dueTime;
        pending.Inner = base.CreateTimer(
            s =>
            {
                pending.Done();
                callback(s);
            },
            state,
            dueTime,
            period);
        _dueTimes.Enqueue(dueTime);
        _created.Release();
        return pending;
    }

    /// <summary>Waits (bounded) until a one-shot timer matching <paramref name="match"/> has been created.</summary>
    public async Task WaitForTimerAsync(Func<TimeSpan, bool> match, int count = 1)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (_dueTimes.Count(match) < count)
        {
            await _created.WaitAsync(bound.Token);
        }
    }

    /// <summary>A one-shot timer, pending until it fires or is disposed.</summary>
    private sealed class PendingTimer(ConcurrentDictionary<PendingTimer, TimeSpan> pending) : ITimer
    {
        private volatile bool _disposed;

        public ITimer Inner { get; set; } = null!;

        public void Done() => pending.TryRemove(this, out _);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed || dueTime == Timeout.InfiniteTimeSpan)
            {
                Done();
            }
            else
            {
                pending[this] = dueTime;
            }

            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            _disposed = true;
            Done();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            Done();
            return Inner.DisposeAsync();
        }
    }
}
