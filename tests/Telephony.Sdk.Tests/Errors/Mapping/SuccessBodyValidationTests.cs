using System.Net;

namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>A 200 whose body is not a balance is a broken response: never a returned zero, never a raw JsonException.</summary>
public sealed class SuccessBodyValidationTests
{
    public static TheoryData<string, string> BadBodies => new()
    {
        { "malformed JSON", """{"balance": 12.5,,}""" },
        { "truncated JSON", """{"balance": 12.""" },
        { "no balance", "{}" },
        { "balance as string", """{"balance":"12.5"}""" },
        { "balance null", """{"balance":null}""" },
        { "HTML page", "<html><head><title>Login</title></head><body>Sign in</body></html>" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task GetBalanceAsync_SuccessWithBadBody_ThrowsTelephonyExceptionNamingTheEndpoint(string description, string body)
    {
        using var server = ErrorMappingServer.Start();
        server.RespondToBalance(HttpStatusCode.OK, body, description == "HTML page" ? "text/html" : "application/json");
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAnyAsync<TelephonyException>(
            () => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        // Exactly the base type: not an API error (the status was 200), not a connection failure.
        Assert.Equal(typeof(TelephonyException), exception.GetType());
        Assert.Contains("GET /api/account/balance (200)", exception.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(exception.InnerException);
        Assert.Equal(1, server.RequestCount);
        SecretAssert.DoesNotLeak(exception, server.ApiKey);
    }

    [Fact]
    public async Task GetBalanceAsync_SuccessWithEmptyBody_ThrowsTelephonyException()
    {
        using var server = ErrorMappingServer.Start();
        server.RespondToBalance(200, [], "application/json");
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAnyAsync<TelephonyException>(
            () => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Equal(typeof(TelephonyException), exception.GetType());
        Assert.Contains("empty body", exception.Message, StringComparison.Ordinal);
        Assert.Contains("account/balance", exception.Message, StringComparison.Ordinal);
        SecretAssert.DoesNotLeak(exception, server.ApiKey);
    }

    [Fact]
    public async Task GetBalanceAsync_SuccessWithEmptyBody_MessageNamesTheFullPath()
    {
        using var server = ErrorMappingServer.Start();
        server.RespondToBalance(200, [], "application/json");
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAnyAsync<TelephonyException>(
            () => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Contains("/api/account/balance", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBalanceAsync_SuccessWithValidBody_ReturnsExactDecimal()
    {
        // The control case: the same server setup returns a balance when the body is right.
        using var server = ErrorMappingServer.Start();
        server.RespondToBalance(HttpStatusCode.OK, """{"balance":12.5,"currency":"USD"}""");
        using var client = server.CreateClient();

        var balance = await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(12.5m, balance.Balance);
    }
}
