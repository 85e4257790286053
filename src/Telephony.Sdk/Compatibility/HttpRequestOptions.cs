using System.Diagnostics.CodeAnalysis;

namespace System.Net.Http;

/// <summary>
/// The typed view of a request's values that .NET 5 and later call <c>HttpRequestMessage.Options</c>, over the
/// <see cref="HttpRequestMessage.Properties"/> dictionary that .NET Framework has, so the SDK's code reads
/// <c>request.Options</c> on every target.
/// </summary>
internal readonly struct HttpRequestOptions(IDictionary<string, object?> properties)
{
    public bool TryGetValue<TValue>(HttpRequestOptionsKey<TValue> key, [MaybeNullWhen(false)] out TValue value)
    {
        if (properties.TryGetValue(key.Key, out var found) && found is TValue typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
    }

    public void Set<TValue>(HttpRequestOptionsKey<TValue> key, TValue value) => properties[key.Key] = value;
}
