using System.Net.Http.Json;
using System.Text.Json;
using Telephony.Sdk.Tests.Errors.Mapping;

namespace Telephony.Sdk.Tests.Retry;

/// <summary>
/// A success body cut short over a real socket (a reset mid-body, or a chunked body whose connection closes) is a failed
/// attempt: retried where the request may be retried (GET, or any method with an Idempotency-Key), never for a POST
/// without one, whose server may already have done the work.
/// </summary>
public sealed class BodyCutShortRetryTests
{
    private const string Balance = """{"balance":12.5}""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetBalanceAsync_FirstBodyCutShort_RetriesAndReturnsTheBalance(bool chunked)
    {
        await using var server = RawHttpServer.CutsFirstBodies(1, Balance, chunked);
        using var client = CreateClient(server, maxRetries: 3);

        var balance = await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(12.5m, balance.Balance);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task SendAsync_GetWhoseEveryBodyIsCutShort_FailsAfterTheRetryBudgetWithConnectionException()
    {
        await using var server = RawHttpServer.CutsFirstBodies(int.MaxValue, Balance, chunked: false);
        using var client = CreateClient(server, maxRetries: 2);

        var exception = await Assert.ThrowsAsync<TelephonyConnectionException>(
            () => client.SendAsync(HttpMethod.Get, "account/balance", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("lost while reading", exception.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task SendAsync_PostWithoutIdempotencyKeyBodyCutShort_IsNotRetried()
    {
        await using var server = RawHttpServer.CutsFirstBodies(1, Balance, chunked: false);
        using var client = CreateClient(server, maxRetries: 3);

        await Assert.ThrowsAsync<TelephonyConnectionException>(
            () => client.SendAsync(HttpMethod.Post, "calls", JsonContent.Create(new { to = "+15550100" }), TestContext.Current.CancellationToken));

        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task SendAsync_PostWithIdempotencyKeyBodyCutShort_RetriesAndReturnsTheBody()
    {
        await using var server = RawHttpServer.CutsFirstBodies(1, Balance, chunked: true);
        using var client = CreateClient(server, maxRetries: 3);
        using var request = new HttpRequestMessage(HttpMethod.Post, "calls") { Content = JsonContent.Create(new { to = "+15550100" }) };
        request.Headers.Add("Idempotency-Key", "call-1");

        var body = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        Assert.Equal(12.5m, body.GetProperty("balance").GetDecimal());
        Assert.Equal(2, server.RequestCount);
    }

    // No delay between attempts: what is tested is whether a retry happens, not when.
    private static TelephonyClient CreateClient(RawHttpServer server, int maxRetries)
    {
        var options = MappingClientOptions.Create(ErrorMappingServer.NewApiKey(), server.BaseAddress);
        options.Resilience.MaxRetryAttempts = maxRetries;
        options.Resilience.BaseDelay = TimeSpan.Zero;
        return new TelephonyClient(options);
    }
}
