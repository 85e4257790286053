using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Errors;

/// <summary><see cref="TelephonyException.IsTransient"/>: whether the same call may succeed later, so a caller needs no switch over the exception types.</summary>
public sealed class TransientErrorTests
{
    [Theory]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    public async Task IsTransient_ErrorAnswer_IsTrueFor408_429And5xxOnly(int status, bool expected)
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Faults.RespondWithStatus(status);
        using var client = ClientWithoutRetries(server.BaseAddress);

        var e = await Assert.ThrowsAnyAsync<TelephonyApiException>(() => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Equal(status, (int)e.StatusCode);
        Assert.Equal(expected, e.IsTransient);
    }

    [Fact]
    public async Task IsTransient_ConnectionRefused_IsTrue()
    {
        using var client = ClientWithoutRetries(ClosedPort.ApiBaseAddress());

        var e = await Assert.ThrowsAsync<TelephonyConnectionException>(() => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.True(e.IsTransient);
    }

    [Fact]
    public void IsTransient_ByExceptionType_IsTrueForTimeoutsAndConnectionFailuresOnly()
    {
        Assert.True(new TelephonyTimeoutException("no answer").IsTransient);
        Assert.True(new TelephonyConnectionException("refused").IsTransient);
        Assert.True(new TelephonyRateLimitException("over the limit").IsTransient);
        Assert.True(new TelephonyServerException("unavailable").IsTransient);
        Assert.False(new TelephonyConfigurationException("bad settings").IsTransient);
        Assert.False(new TelephonyException("a handler threw").IsTransient);
        Assert.False(new TelephonyAuthenticationException().IsTransient);
    }

    private static TelephonyClient ClientWithoutRetries(Uri baseAddress) => new(new TelephonyClientOptions
    {
        ApiKey = TelephonyFakeServer.SecretTestKey,
        BaseAddress = baseAddress,
        Resilience = { MaxRetryAttempts = 0 },
    });
}
