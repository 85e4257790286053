namespace Telephony.Sdk.RateLimiting;

/// <summary>
/// What a key's server said of its quota in its rate-limit headers: the limit (and its window), what remains and when
/// it is fully back. It counts the key's requests itself between reports, since under concurrency the server may answer
/// a later request before it counts an earlier one. Not thread-safe: its owner locks.
/// </summary>
internal sealed class ServerQuota
{
    // Enough answers to cover the requests in flight at any report; an older one is forgotten (its request is long done).
    private const int RecentAnswers = 256;

    private readonly Queue<Answer> _recent = new();
    private int _remaining;
    private int _reportedRemaining;
    private long _reportedBy;
    private long _sentAtReport;
    private int _uncountedAtReport;
    private long _sent;
    private int _inFlight;
    private bool _gradual;
    private bool _assumedWhole;
    private DateTimeOffset _movedAt;

    /// <summary>Gets a value indicating whether the server has stated what remains of its quota (not only its limit).</summary>
    public bool Informed { get; private set; }

    public int? Limit { get; private set; }

    public TimeSpan? Window { get; private set; }

    public DateTimeOffset? ResetsAt { get; private set; }

    /// <summary>
    /// Until when the quota is spent; <see langword="null"/> if a request may go (after a reset, all of it is assumed back).
    /// A server seen giving its quota back gradually (more remaining than its last report, well before that report's reset:
    /// a sliding window, a bucket, a gateway's request rate; or far from whole just after the reset it stated, where a
    /// window is whole again) is asked again by one request a window ÷ limit after the last request or report, as the IETF
    /// draft reads the reset: the quota comes back by then, not only then. So is any spent quota while a limiter shared by
    /// the key's instances keeps them all within the stated limit (<paramref name="fleetKeepsLimit"/>): what this
    /// instance read was spent by the others too, and the shared limiter, not this instance's count, says when the fleet
    /// may send again.
    /// </summary>
    public DateTimeOffset? SpentUntil(DateTimeOffset now, bool fleetKeepsLimit = false)
    {
        if (ResetsAt is { } resetsAt && now >= resetsAt)
        {
            Report(Limit ?? int.MaxValue, _sent);
            (ResetsAt, _assumedWhole) = (Window is { } window ? now + window : null, true);
            return null;
        }

        // A quota seen coming back gradually is asked again by one request once a request's worth may be back (w / q).
        var until = (_gradual || fleetKeepsLimit) && Limit is int limit && Window is { } per && _movedAt + (per / limit) < ResetsAt ? _movedAt + (per / limit) : ResetsAt;
        return Left() <= 0 && until > now ? until : null;
    }

    /// <summary>What is left for new requests while the server's last report holds; <see langword="null"/> when none does.</summary>
    public int? Remaining(DateTimeOffset now) =>
        ResetsAt is { } resets && resets > now ? (int)Math.Clamp(Left(), 0, int.MaxValue) : null;

    /// <summary>Counts a request that leaves; returns its sequence number.</summary>
    public long Sent(DateTimeOffset now)
    {
        (_inFlight, _movedAt) = (_inFlight + 1, now);
        return ++_sent;
    }

    /// <summary>A request is no longer in flight (answered, failed or cancelled).</summary>
    public void Ended() => _inFlight--;

    /// <summary>Takes in a response's headers, for the request of <paramref name="sequence"/>.</summary>
    public void Observe(ServerRateLimitHeaders server, long sequence, DateTimeOffset now)
    {
        (Limit, Window) = server.Limit is { } limit ? (limit, server.Window) : (Limit, Window);
        if (server is not { Remaining: { } remaining, Reset: { } reset })
        {
            return;
        }

        // The freshest report is the one answering the latest request sent. An older request's answer was in flight
        // then: if it saw more remaining, the server counted it before that report; else after it.
        Informed = true;
        var resetsAt = now + reset;
        if (sequence >= _reportedBy && !CountedBeforeTheReport(remaining, resetsAt, sequence))
        {
            // More remaining than the last report, well before its reset; or, after a reset, not half of it back with what
            // this client sent since counted in (a rate over a sliding period, as an HAProxy stick table counts): the server
            // frees its quota gradually.
            _gradual |= (remaining > _reportedRemaining && ResetsAt is { } previous && now < previous - TimeSpan.FromSeconds(1)) ||
                (_assumedWhole && 2 * (remaining + sequence - _reportedBy) < _reportedRemaining);
            (_movedAt, ResetsAt, _assumedWhole) = (now, resetsAt, false);
            Report(remaining, sequence);
            _remaining -= ReadAndCountedAfter(sequence, remaining, resetsAt);
        }
        else if (_uncountedAtReport > 0)
        {
            // Counted after the report (it saw less remaining than the report said), it takes one from what is left.
            _uncountedAtReport--;
            _remaining -= remaining > _reportedRemaining ? 0 : 1;
        }

        if (_recent.Count == RecentAnswers)
        {
            _recent.Dequeue();
        }

        _recent.Enqueue(new Answer(_sent, remaining, resetsAt));
    }

    // Answers read since the reporting request left that saw less remaining in the same window: the server counted their
    // requests after it, so its report does not hold them, and they are in flight no more.
    private int ReadAndCountedAfter(long sequence, int remaining, DateTimeOffset resetsAt)
    {
        var count = 0;
        foreach (var answer in _recent)
        {
            if (answer.SentBefore >= sequence && answer.Remaining < remaining && (answer.ResetsAt - resetsAt).Duration() < TimeSpan.FromSeconds(1))
            {
                count++;
            }
        }

        return count;
    }

    // A later request's answer that saw more remaining, in the same window, than the report of an earlier one that came
    // first: it was in flight when the report came (admitted before it), and the server counted it before that request
    // (they overtook each other), so that report stays the freshest. Measured against the report as stated: what is left
    // of it moves as the other answers come, in any order.
    private bool CountedBeforeTheReport(int remaining, DateTimeOffset resetsAt, long sequence) =>
        _uncountedAtReport > 0 && sequence <= _sentAtReport && remaining > _reportedRemaining &&
        ResetsAt is { } reported && (resetsAt - reported).Duration() < TimeSpan.FromSeconds(1);

    // What the latest report left, less what was sent since and what was in flight when it came (not assumed counted).
    private long Left() => _remaining - _uncountedAtReport - (_sent - _sentAtReport);

    /// <summary>An answer read: how many requests had been admitted by then, what it saw remaining, and its window's end.</summary>
    private readonly record struct Answer(long SentBefore, int Remaining, DateTimeOffset ResetsAt);

    private void Report(int remaining, long reportedBy) =>
        (_remaining, _reportedRemaining, _reportedBy, _sentAtReport, _uncountedAtReport) = (remaining, remaining, reportedBy, _sent, _inFlight);
}
