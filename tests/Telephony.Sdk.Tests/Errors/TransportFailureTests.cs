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
        using var client = new TelephonyClient(new TelephonyClientOptions
        {
            ApiKey = FakeKeys.NewSecretKey(),
            BaseAddress = ClosedPort.ApiBaseAddress(),
        });

        await Assert.ThrowsAsync<TelephonyConnectionException>(() => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));
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
}
