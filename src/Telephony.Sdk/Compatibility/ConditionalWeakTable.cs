using System.Collections;

namespace Telephony.Sdk.Diagnostics;

/// <summary>
/// What the telemetry needs of .NET's <c>ConditionalWeakTable</c>: values that live as long as their keys, added once,
/// and enumerated by the metric callbacks. .NET Framework's table cannot be enumerated, so on that target this type, in
/// the namespace of its one user, takes its place: the real table keeps the values alive, a list of weak references
/// enumerates the keys still alive.
/// </summary>
internal sealed class ConditionalWeakTable<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : class
    where TValue : class
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<TKey, TValue> _values = new();
    private readonly List<WeakReference<TKey>> _keys = [];

    public bool TryGetValue(TKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TValue value) => _values.TryGetValue(key, out value);

    public bool TryAdd(TKey key, TValue value)
    {
        lock (_keys)
        {
            if (_values.TryGetValue(key, out _))
            {
                return false;
            }

            _values.Add(key, value);
            _keys.RemoveAll(static weak => !weak.TryGetTarget(out _));
            _keys.Add(new WeakReference<TKey>(key));
            return true;
        }
    }

    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        List<KeyValuePair<TKey, TValue>> alive = [];
        lock (_keys)
        {
            foreach (var weak in _keys)
            {
                if (weak.TryGetTarget(out var key) && _values.TryGetValue(key, out var value))
                {
                    alive.Add(new(key, value));
                }
            }
        }

        return alive.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
