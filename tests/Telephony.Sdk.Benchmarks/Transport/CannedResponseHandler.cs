using System.Net;
using System.Net.Http.Headers;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// The in-memory transport: a fresh <c>200 {"balance":1234.56}</c> for every request that carries a bearer key, so a
/// benchmark measures the client and nothing on the wire. Counts what it served in the process (the factory makes a
/// new handler whenever it rotates its handlers).
/// </summary>
public sealed class CannedResponseHandler : HttpMessageHandler
{
    private static readonly byte[] Body = """{"balance":1234.56}"""u8.ToArray();

    private static long s_served;

    /// <summary>Gets how many requests every instance in this process has answered.</summary>
    public static long TotalServed => Interlocked.Read(ref s_served);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref s_served);
        if (request.Headers.Authorization is not { Scheme: "Bearer", Parameter.Length: > 0 })
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized) { RequestMessage = request });
        }

        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
