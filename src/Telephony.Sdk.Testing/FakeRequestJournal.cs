namespace Telephony.Sdk.Testing;

/// <summary>
/// What the fake keeps of the requests it answered: the last <see cref="TelephonyFakeServerOptions.RequestLogLimit"/>
/// of them, oldest first, and running counts of all of them, so that a soak test or a long development session holds a
/// fixed amount of memory however many requests it sends.
/// </summary>
internal sealed class FakeRequestJournal(int limit)
{
    private readonly object _gate = new();
    private readonly Queue<FakeRequest> _last = new(Math.Min(limit, 1024));
    private readonly Dictionary<string, long> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<int, long> _byStatus = [];
    private long _total;
    private long _withoutKey;
    private long _dropped;

    public void Add(FakeRequest request)
    {
        lock (_gate)
        {
            _total++;
            if (request.RedactedKey is { } key)
            {
                _byKey[key] = _byKey.GetValueOrDefault(key) + 1;
            }
            else
            {
                _withoutKey++;
            }

            if (request.StatusCode is { } status)
            {
                _byStatus[status] = _byStatus.GetValueOrDefault(status) + 1;
            }
            else
            {
                _dropped++;
            }

            if (limit == 0)
            {
                return;
            }

            if (_last.Count == limit)
            {
                _last.Dequeue();
            }

            _last.Enqueue(request);
        }
    }

    public IReadOnlyList<FakeRequest> Last()
    {
        lock (_gate)
        {
            return [.. _last];
        }
    }

    public FakeRequestCounts Counts()
    {
        lock (_gate)
        {
            return new FakeRequestCounts(_total, _withoutKey, _dropped, new Dictionary<string, long>(_byKey, StringComparer.Ordinal), new Dictionary<int, long>(_byStatus));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _last.Clear();
            _byKey.Clear();
            _byStatus.Clear();
            (_total, _withoutKey, _dropped) = (0, 0, 0);
        }
    }
}
