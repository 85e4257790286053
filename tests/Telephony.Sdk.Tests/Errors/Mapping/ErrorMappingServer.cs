using System.Net;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>
/// A WireMock.Net server on 127.0.0.1 with one distinctive API key per instance, so every test can check that
/// the key never leaks and count exactly the requests it caused.
/// </summary>
internal sealed class ErrorMappingServer : IDisposable
{
    public const string BalancePath = "/api/account/balance";

    private readonly WireMockServer _server;

    private ErrorMappingServer(WireMockServer server) => _server = server;

    public string ApiKey { get; } = NewApiKey();

    public Uri BaseAddress => new(_server.Url + "/api/");

    public int RequestCount => _server.LogEntries.Count();

    public IRequestMessage SingleRequest => Assert.Single(_server.LogEntries).RequestMessage!;

    public static ErrorMappingServer Start() =>
        new(WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] }));

    public static string NewApiKey() => FakeKeys.NewSecretKey();

    public TelephonyClient CreateClient() => CreateClient(ApiKey);

    public TelephonyClient CreateClient(string apiKey) =>
        new(MappingClientOptions.Create(apiKey, BaseAddress));

    /// <summary>Answers every method on <paramref name="path"/> with what <paramref name="response"/> builds.</summary>
    public void Respond(string path, Func<IResponseBuilder, IResponseBuilder> response) =>
        _server.Given(Request.Create().WithPath(path)).RespondWith(response(Response.Create()));

    /// <summary>Answers <see cref="BalancePath"/> with a status and raw body bytes, exactly as given.</summary>
    public void RespondToBalance(int status, byte[] body, string? contentType, params (string Name, string Value)[] headers) =>
        Respond(BalancePath, response =>
        {
            response = response.WithStatusCode(status);
            if (contentType is not null)
            {
                response = response.WithHeader("Content-Type", contentType);
            }

            foreach (var (name, value) in headers)
            {
                response = response.WithHeader(name, value);
            }

            return body.Length == 0 ? response : response.WithBody(body);
        });

    public void RespondToBalance(HttpStatusCode status, string body, string contentType = "application/json") =>
        RespondToBalance((int)status, System.Text.Encoding.UTF8.GetBytes(body), contentType);

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }
}
