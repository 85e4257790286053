namespace System.Net.Http;

/// <summary>
/// Stands for .NET's <c>SocketsHttpHandler</c>, which .NET Framework lacks, so the shared code names it on every target.
/// <see cref="IsSupported"/> is <see langword="false"/>, as it is in a browser: the SDK then keeps the
/// <see cref="HttpClientHandler"/> that <c>IHttpClientFactory</c> creates, and turns its redirects off. None is ever created.
/// </summary>
internal sealed class SocketsHttpHandler : HttpClientHandler
{
    public static bool IsSupported => false;

    public TimeSpan PooledConnectionLifetime { get; set; }
}
