using System.Net;
using System.Net.Http.Headers;

namespace Telephony.Sdk.Tests.Benchmarks;

/// <summary>
/// The benchmarks' in-memory transport: a fresh <c>200 {"balance":1234.56}</c> for every request, so what is counted
/// is the SDK's own work.
/// </summary>
internal sealed class CannedBalanceHandler : HttpMessageHandler
{
    private static readonly byte[] Body = """{"balance":1234.56}"""u8.ToArray();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
