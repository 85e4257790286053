namespace System.Net.Http;

/// <summary>
/// The key of a value carried by a request, as <c>HttpRequestOptionsKey&lt;TValue&gt;</c> of .NET 5 and later is. On
/// .NET Framework the values live in <see cref="HttpRequestMessage.Properties"/>; see <see cref="HttpRequestOptions"/>.
/// </summary>
internal readonly struct HttpRequestOptionsKey<TValue>(string key)
{
    public string Key { get; } = key;
}
