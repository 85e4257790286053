using System.Collections.Concurrent;

namespace Telephony.Sdk.Testing;

/// <summary>
/// Faults to inject into the next requests, whatever their key or path: an error status, a delay, or a dropped
/// connection. Faults queue up and each applies to as many requests as asked.
/// </summary>
public sealed class FakeServerFaults
{
    private readonly ConcurrentQueue<Fault> _queue = new();
    private readonly object _gate = new();

    /// <summary>Answers the next <paramref name="times"/> requests with <paramref name="statusCode"/> and an error envelope.</summary>
    /// <param name="statusCode">The status to answer with, e.g. 503.</param>
    /// <param name="times">How many requests it applies to.</param>
    /// <param name="retryAfter">A <c>Retry-After</c> to send with it, in whole seconds, or <see langword="null"/> for none.</param>
    /// <param name="headers">
    /// Response headers to send with it, such as <c>X-Request-Id</c> (replacing the one the server makes up) or a
    /// <c>Retry-After</c> in HTTP-date form (replacing <paramref name="retryAfter"/>); <see langword="null"/> for none.
    /// </param>
    public void RespondWithStatus(int statusCode, int times = 1, TimeSpan? retryAfter = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        Dictionary<string, string>? copy = null;
        if (headers is not null)
        {
            copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in headers)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(headers));
                ArgumentNullException.ThrowIfNull(value, nameof(headers));
                copy[name] = value;
            }
        }

        Enqueue(new Fault(FaultKind.Status, times, statusCode, retryAfter ?? TimeSpan.Zero) { Headers = copy });
    }

    /// <summary>Delays the next <paramref name="times"/> requests by <paramref name="delay"/> on the server's clock, then serves them normally.</summary>
    /// <param name="delay">How long to wait before answering.</param>
    /// <param name="times">How many requests it applies to.</param>
    public void Delay(TimeSpan delay, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Enqueue(new Fault(FaultKind.Delay, times, 0, delay));
    }

    /// <summary>Aborts the connection of the next <paramref name="times"/> requests without any response.</summary>
    /// <param name="times">How many requests it applies to.</param>
    public void DropConnection(int times = 1) => Enqueue(new Fault(FaultKind.Drop, times, 0, TimeSpan.Zero));

    /// <summary>Removes every queued fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _queue.Clear();
        }
    }

    internal Fault? TakeNext()
    {
        lock (_gate)
        {
            while (_queue.TryPeek(out var fault))
            {
                if (fault.Remaining > 0)
                {
                    fault.Remaining--;
                    return fault;
                }

                _queue.TryDequeue(out _);
            }

            return null;
        }
    }

    private void Enqueue(Fault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fault.Remaining, "times");
        lock (_gate)
        {
            _queue.Enqueue(fault);
        }
    }

    internal enum FaultKind
    {
        Status,
        Delay,
        Drop,
    }

    internal sealed class Fault(FaultKind kind, int times, int statusCode, TimeSpan duration)
    {
        public FaultKind Kind { get; } = kind;

        public int StatusCode { get; } = statusCode;

        public TimeSpan Duration { get; } = duration;

        public int Remaining { get; set; } = times;

        /// <summary>Gets the headers a status fault sends, by case-insensitive name; <see langword="null"/> for none.</summary>
        public IReadOnlyDictionary<string, string>? Headers { get; init; }
    }
}
