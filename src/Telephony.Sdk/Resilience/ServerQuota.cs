namespace Telephony.Sdk.Resilience;

/// <summary>
/// What a key's server said of its quota in its rate-limit headers: the limit (and its window), what remains and when
/// it is fully back. It counts the key's requests itself between reports, since under concurrency the server may answer
/// a later request before it counts an earlier one. Not thread-safe: its owner locks.
/// </summary>
internal sealed class ServerQuota
{
    private int _remaining;
    private long _reportedBy;
    private long _sentAtReport;
    private int _uncountedAtReport;
    private long _sent;
    private int _inFlight;

    /// <summary>Gets a value indicating whether the server has stated its quota at all.</summary>
    public bool Informed { get; private set; }

    public int? Limit { get; private set; }

    public TimeSpan? Window { get; private set; }

    public DateTimeOffset? ResetsAt { get; private set; }

    /// <summary>Until when the quota is spent; <see langword="null"/> if a request may go (after a reset, all of it is assumed back).</summary>
    public DateTimeOffset? SpentUntil(DateTimeOffset now)
    {
        if (ResetsAt is { } resetsAt && now >= resetsAt)
        {
            Report(Limit ?? int.MaxValue, _sent);
            ResetsAt = Window is { } window ? now + window : null;
            return null;
        }

        return ResetsAt is { } later && Left() <= 0 ? later : null;
    }

    /// <summary>What is left for new requests while the server's last report holds; <see langword="null"/> when none does.</summary>
    public int? Remaining(DateTimeOffset now) =>
        ResetsAt is { } resets && resets > now ? (int)Math.Clamp(Left(), 0, int.MaxValue) : null;

    /// <summary>Counts a request that leaves; returns its sequence number.</summary>
    public long Sent()
    {
        _inFlight++;
        return ++_sent;
    }

    /// <summary>A request is no longer in flight (answered, failed or cancelled).</summary>
    public void Ended() => _inFlight--;

    /// <summary>Takes in a response's headers, for the request of <paramref name="sequence"/>.</summary>
    public void Observe(ServerRateLimitHeaders server, long sequence, DateTimeOffset now)
    {
        Informed = true;
        (Limit, Window) = server.Limit is { } limit ? (limit, server.Window) : (Limit, Window);

        // The freshest report is the one answering the latest request sent. An older request's answer was in flight
        // then: if it saw more remaining, the server counted it before that report; else after it.
        if (sequence >= _reportedBy && !CountedBeforeTheReport(server, now))
        {
            Report(server.Remaining, sequence);
            ResetsAt = now + server.Reset;
        }
        else if (_uncountedAtReport > 0)
        {
            _uncountedAtReport--;
            _remaining -= server.Remaining > _remaining ? 0 : 1;
        }
    }

    // A later request's answer that saw more remaining, in the same window, than the report of an earlier one that came
    // first: the server counted it before that request (they overtook each other), so that report stays the freshest.
    private bool CountedBeforeTheReport(ServerRateLimitHeaders server, DateTimeOffset now) =>
        _uncountedAtReport > 0 && server.Remaining > _remaining && server.Remaining - _remaining <= _uncountedAtReport &&
        ResetsAt is { } resetsAt && (now + server.Reset - resetsAt).Duration() < TimeSpan.FromSeconds(1);

    // What the latest report left, less what was sent since and what was in flight when it came (not assumed counted).
    private long Left() => _remaining - _uncountedAtReport - (_sent - _sentAtReport);

    private void Report(int remaining, long reportedBy) =>
        (_remaining, _reportedBy, _sentAtReport, _uncountedAtReport) = (remaining, reportedBy, _sent, _inFlight);
}
