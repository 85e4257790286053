using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Telephony.Sdk.Tests.Resilience;

/// <summary>A fake clock that reports every timer created on it, so a test can wait until code is waiting on it.</summary>
internal sealed class ObservableTimeProvider : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();
    private readonly SemaphoreSlim _created = new(0);

    public ObservableTimeProvider()
        : base(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Gets the due times of the one-shot timers created so far (periodic timers are left out).</summary>
    public IReadOnlyList<TimeSpan> OneShotDueTimes => [.. _dueTimes];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan && dueTime != Timeout.InfiniteTimeSpan)
        {
            _dueTimes.Enqueue(dueTime);
            _created.Release();
        }

        return timer;
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
}
