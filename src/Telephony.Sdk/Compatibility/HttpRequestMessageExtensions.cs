namespace System.Net.Http;

/// <summary><c>HttpRequestMessage.Options</c> of .NET 5 and later, on .NET Framework.</summary>
internal static class HttpRequestMessageExtensions
{
    extension(HttpRequestMessage request)
    {
        public HttpRequestOptions Options => new(request.Properties!);
    }
}
