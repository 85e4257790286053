using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Telephony.Sdk.Tests.Support;
using WireMock.ResponseBuilders;

namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>Failures to get a complete response: refused and reset connections, WireMock faults, and the caller's cancellation.</summary>
public sealed class TransportFailureTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static TheoryData<ErrorRoute> Routes => new(ErrorRoutes.All);

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Call_ConnectionRefused_ThrowsTelephonyConnectionException(ErrorRoute route)
    {
        var closed = ClosedPort.ApiBaseAddress();
        var key = ErrorMappingServer.NewApiKey();
        using var client = new TelephonyClient(MappingClientOptions.Create(key, closed));

        var exception = await Assert.ThrowsAsync<TelephonyConnectionException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        Assert.Contains(closed.Authority, exception.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(exception.InnerException);
        SecretAssert.DoesNotLeak(exception, key);
    }

    // WireMock.Net's faults still frame a complete response (OwinResponseMapper writes the status, headers and the
    // faulty body, then ends normally), so the connection survives and what the SDK sees is a bad body, not a lost connection.
    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Call_WireMockMalformedResponseChunkOn200_ThrowsBaseTelephonyException(ErrorRoute route)
    {
        using var server = ErrorMappingServer.Start();
        server.Respond(ErrorMappingServer.BalancePath, response => response
            .WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody("""{"balance":12.5,"padding":"0123456789abcdefghijklmnopqrstuvwxyz"}""")
            .WithFault(FaultType.MALFORMED_RESPONSE_CHUNK));
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAnyAsync<TelephonyException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        Assert.Equal(typeof(TelephonyException), exception.GetType());
        Assert.Contains("GET /api/account/balance (200)", exception.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(exception.InnerException);
        SecretAssert.DoesNotLeak(exception, server.ApiKey);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Call_WireMockEmptyResponseOn503_ThrowsServerExceptionSayingBodyWasEmpty(ErrorRoute route)
    {
        using var server = ErrorMappingServer.Start();
        server.Respond(ErrorMappingServer.BalancePath, response => response
            .WithStatusCode(503).WithBody("""{"error":{"code":"x","message":"never sent"}}""").WithFault(FaultType.EMPTY_RESPONSE));
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<TelephonyServerException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, exception.StatusCode);
        Assert.Equal("the response had an empty body", exception.ErrorMessage);
        Assert.Null(exception.ErrorCode);
    }

    // A success body cut short after its status: with a Content-Length (reset mid-body) and without one (chunked, which
    // the SDK reads and bounds itself before Refit or SendAsync see it).
    [Theory]
    [InlineData(ErrorRoute.GetBalance, false)]
    [InlineData(ErrorRoute.SendAsync, false)]
    [InlineData(ErrorRoute.GetBalance, true)]
    [InlineData(ErrorRoute.SendAsync, true)]
    public async Task Call_ConnectionLostMidSuccessBody_ThrowsTelephonyConnectionException(ErrorRoute route, bool chunked)
    {
        await using var server = chunked
            ? RawHttpServer.EndMidChunkedBody(200, """{"balance":1""")
            : RawHttpServer.ResetMidBody(200, """{"balance":1""");
        var key = ErrorMappingServer.NewApiKey();
        using var client = server.CreateClient(key);

        var exception = await Assert.ThrowsAnyAsync<Exception>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        Assert.IsType<TelephonyConnectionException>(exception);
        Assert.Contains("/api/account/balance", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.RequestCount);
        SecretAssert.DoesNotLeak(exception, key);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Call_ConnectionResetMidErrorBody_ThrowsServerExceptionWithWhatArrived(ErrorRoute route)
    {
        await using var server = RawHttpServer.ResetMidBody(502, "upstream gone");
        var key = ErrorMappingServer.NewApiKey();
        using var client = server.CreateClient(key);

        var exception = await Assert.ThrowsAsync<TelephonyServerException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadGateway, exception.StatusCode);
        Assert.Equal("upstream gone", exception.ErrorMessage);
        Assert.Equal("upstream gone", exception.ResponseBody);
        SecretAssert.DoesNotLeak(exception, key);
    }

    // A server that never answers (a bare listener: a WireMock WithDelay(30 s) holds the server's Stop() for the whole delay).
    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Call_CallerCancelsWhileServerNeverAnswers_ThrowsOperationCanceledNotTimeout(ErrorRoute route)
    {
        await using var server = RawHttpServer.NeverAnswer();
        var key = ErrorMappingServer.NewApiKey();
        using var client = server.CreateClient(key);
        using var cancellation = new CancellationTokenSource();
        var call = ErrorRoutes.InvokeAsync(client, route, cancellation.Token);

        // Cancelled once the server holds the request, however long a loaded machine takes to send it.
        await server.FirstRequest.WaitAsync(Bound, TestContext.Current.CancellationToken);
        var stopwatch = Stopwatch.StartNew();
        await cancellation.CancelAsync();
        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.True(stopwatch.Elapsed < Bound, $"Cancellation took {stopwatch.Elapsed}.");
        Assert.Equal(cancellation.Token, exception.CancellationToken);
        Assert.Equal(1, server.RequestCount);
        SecretAssert.DoesNotLeak(exception, key);
    }

    [Theory]
    [InlineData(ErrorRoute.GetBalance, 200)]
    [InlineData(ErrorRoute.SendAsync, 200)]
    [InlineData(ErrorRoute.GetBalance, 500)]
    [InlineData(ErrorRoute.SendAsync, 500)]
    public async Task Call_CallerCancelsWhileBodyStalls_ThrowsOperationCanceledPromptly(ErrorRoute route, int status)
    {
        await using var server = RawHttpServer.StallMidBody(status, """{"error":""");
        using var client = server.CreateClient(ErrorMappingServer.NewApiKey());
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var call = ErrorRoutes.InvokeAsync(client, route, cancellation.Token);

        var finishedInTime = await Task.WhenAny(call, Task.Delay(Bound, TestContext.Current.CancellationToken)) == call;

        // Closing the server ends a call that ignored the cancellation, so a failure here never hangs the run.
        await server.DisposeAsync();
        var exception = await Record.ExceptionAsync(() => call);
        Assert.True(finishedInTime, $"The call ignored the caller's cancellation for {Bound}; it then ended with {exception?.GetType().Name}.");
        Assert.IsAssignableFrom<OperationCanceledException>(exception);
    }
}
