using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.Support;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Telephony.Sdk.Tests.Errors;

/// <summary>No response at all: a refused connection is a TelephonyConnectionException; the caller's cancellation stays an OperationCanceledException.</summary>
public sealed class TransportFailureTests
{
    [Fact]
    public async Task GetBalanceAsync_ConnectionRefused_ThrowsTelephonyConnectionException()
    {
        var address = ClosedPort.ApiBaseAddress();
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), address);

        var exception = await Assert.ThrowsAsync<TelephonyConnectionException>(
            () => provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Contains(address.GetLeftPart(UriPartial.Authority), exception.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(exception.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task GetBalanceAsync_ConnectionRefusedWithoutContainer_ThrowsTelephonyConnectionException()
    {
        // The client built without a container runs on the system clock: its retries (all refused too) are kept, with
        // a first backoff of 10 ms instead of a second, so that the test does not sleep through seven seconds of them.
        var options = new TelephonyClientOptions
        {
            ApiKey = FakeKeys.NewSecretKey(),
            BaseAddress = ClosedPort.ApiBaseAddress(),
        };
        options.Resilience.BaseDelay = TimeSpan.FromMilliseconds(10);
        using var client = new TelephonyClient(options);

        await Assert.ThrowsAsync<TelephonyConnectionException>(() => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));
    }

    // A handler that throws before any response (a bug in it, not the network) is not reported as "could not reach".
    [Theory]
    [InlineData(Mapping.ErrorRoute.GetBalance)]
    [InlineData(Mapping.ErrorRoute.SendAsync)]
    public async Task Call_HandlerThrowsBeforeAnyResponse_ThrowsTelephonyExceptionThatDoesNotBlameTheNetwork(Mapping.ErrorRoute route)
    {
        var key = FakeKeys.NewSecretKey();
        await using var provider = TelephonyServices.Build(
            key,
            ClosedPort.ApiBaseAddress(),
            services => services.AddHttpClient(TelephonyServiceCollectionExtensions.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new ThrowsBeforeSending()));

        var exception = await Assert.ThrowsAsync<TelephonyException>(
            () => Mapping.ErrorRoutes.InvokeAsync(provider.GetRequiredService<TelephonyClient>(), route, TestContext.Current.CancellationToken));

        Assert.IsType<InvalidOperationException>(exception.InnerException);
        Assert.DoesNotContain("Could not reach", exception.Message, StringComparison.Ordinal);
        Assert.Matches("^GET /[^ ]*account/balance ", exception.Message);
        // The handler's own message quoted the key: the SDK's message does not (the inner exception is the handler's own).
        Assert.Contains("InvalidOperationException: handler bug ([redacted])", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBalanceAsync_TokenCancelledBeforeCall_ThrowsOperationCanceledExceptionAndSendsNothing()
    {
        using var api = WireMockApi.Start().RespondWithBalance();
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), api.ApiBaseAddress);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(cancellation.Token));

        Assert.Equal(cancellation.Token, exception.CancellationToken);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task GetBalanceAsync_TokenCancelledWhileRequestInFlight_ThrowsOperationCanceledExceptionNotTimeout()
    {
        using var api = WireMockApi.Start();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.Server
            .Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithCallback(async _ =>
            {
                // The server holds the request until the test ends: the call is in flight when the caller cancels.
                arrived.TrySetResult();
                await release.Task;
                return new ResponseMessage { StatusCode = 200 };
            }));
        await using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), api.ApiBaseAddress);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        try
        {
            var call = provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(cancellation.Token);
            await arrived.Task.WaitAsync(TestContext.Current.CancellationToken);
            await cancellation.CancelAsync();

            var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

            Assert.IsNotType<TelephonyTimeoutException>(exception, exactMatch: false);
            Assert.True(exception.CancellationToken.IsCancellationRequested);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    private sealed class ThrowsBeforeSending : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"handler bug ({request.Headers.Authorization?.Parameter})");
    }
}
