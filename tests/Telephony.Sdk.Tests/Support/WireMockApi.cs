using System.Net;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Telephony.Sdk.Tests.Support;

/// <summary>
/// A WireMock server bound to 127.0.0.1 only (WireMock's default listens on every interface), standing in for the
/// Telephony.io API. Every request is answered by the last configured response, whatever its path, so a test sees
/// (and can assert on) a request sent to a wrong path instead of getting a confusing 404.
/// </summary>
internal sealed class WireMockApi : IDisposable
{
    private WireMockApi(WireMockServer server)
    {
        Server = server;
        Root = new Uri(server.Url!);
    }

    public WireMockServer Server { get; }

    /// <summary>Gets the server's root, e.g. <c>http://127.0.0.1:54321</c>.</summary>
    public Uri Root { get; }

    /// <summary>Gets the API base address the SDK expects, with a trailing slash: <c>http://127.0.0.1:port/api/</c>.</summary>
    public Uri ApiBaseAddress => new(Root, "/api/");

    public static WireMockApi Start() =>
        new(WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] }));

    /// <summary>Answers every request with <paramref name="status"/> and a JSON <paramref name="body"/>.</summary>
    public WireMockApi RespondWith(int status, string body)
    {
        Server.ResetMappings();
        Server
            .Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create()
                .WithStatusCode(status)
                .WithHeader("Content-Type", "application/json")
                .WithBody(body));
        return this;
    }

    /// <summary>Answers every request with <c>200 {"balance":…}</c>.</summary>
    public WireMockApi RespondWithBalance(string balance = "1234.56") =>
        RespondWith((int)HttpStatusCode.OK, "{\"balance\":" + balance + "}");

    /// <summary>Gets the requests the server received, in order.</summary>
    public IReadOnlyList<IRequestMessage> Requests =>
        Server.LogEntries.Select(static entry => entry.RequestMessage).OfType<IRequestMessage>().ToList();

    /// <summary>Gets the one request the server received; fails if it received any other number.</summary>
    public IRequestMessage SingleRequest() => Assert.Single(Requests);

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}
