// The mocking example of docs/testing.md, compiled and run with the suite so that it stays true.
#pragma warning disable xUnit1051 // The guide shows the shortest form; a user's suite may pass TestContext.Current.CancellationToken.
using System.Net;
using NSubstitute;
using Telephony.Sdk;
using Xunit;

namespace MyApp.Tests;

public sealed class LowBalanceAlertTests
{
    [Fact]
    public async Task IsLow_BalanceUnderThreshold_ReturnsTrue()
    {
        var client = Substitute.For<TelephonyClient>();
        client.Account.GetBalanceAsync(Arg.Any<CancellationToken>()).Returns(new AccountBalance { Balance = 3.50m });

        Assert.True(await LowBalanceAlert.IsLowAsync(client, threshold: 10m));
    }

    [Fact]
    public async Task IsLow_RateLimited_ThrowsTheSdksException()
    {
        var client = Substitute.For<TelephonyClient>();
        var rateLimited = new TelephonyRateLimitException(new TelephonyApiError
        {
            StatusCode = HttpStatusCode.TooManyRequests,
            RetryAfter = TimeSpan.FromSeconds(30),
        });
        client.Account.GetBalanceAsync(Arg.Any<CancellationToken>()).Returns(Task.FromException<AccountBalance>(rateLimited));

        var e = await Assert.ThrowsAsync<TelephonyRateLimitException>(() => LowBalanceAlert.IsLowAsync(client, threshold: 10m));

        Assert.Equal(TimeSpan.FromSeconds(30), e.RetryAfter);
    }
}

// The code under test, in your app.
public static class LowBalanceAlert
{
    public static async Task<bool> IsLowAsync(TelephonyClient client, decimal threshold, CancellationToken cancellationToken = default) =>
        (await client.Account.GetBalanceAsync(cancellationToken)).Balance < threshold;
}
