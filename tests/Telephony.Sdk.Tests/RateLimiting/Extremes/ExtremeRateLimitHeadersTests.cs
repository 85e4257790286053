using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting.Extremes;

/// <summary>Rate-limit headers whose times lie beyond what a date or a duration can hold: garbage, not a reason to fail the call.</summary>
public sealed class ExtremeRateLimitHeadersTests
{
    [Theory]
    [InlineData("X-RateLimit-Remaining", "5", "X-RateLimit-Reset", "99999999999999")]
    [InlineData("RateLimit-Policy", "\"default\";q=100;w=60", "RateLimit", "\"default\";r=5;t=99999999999999")]
    [InlineData("RateLimit", "\"default\";r=0;t=1", "RateLimit-Policy", "\"default\";q=100;w=99999999999999")]
    [InlineData("RateLimit", "\"default\";r=0;t=1", "RateLimit-Policy", "\"default\";q=100;w=300000000000")]
    public async Task GetBalance_RateLimitHeaderBeyondTheCalendar_ReturnsTheAnswer(string name, string value, string otherName, string otherValue)
    {
        var clock = new ObservableTimeProvider();
        var responses = new StubResponses(() =>
        {
            var response = StubResponses.Json("""{"balance":7.25}""");
            response.Headers.TryAddWithoutValidation(name, value);
            response.Headers.TryAddWithoutValidation(otherName, otherValue);
            return response;
        });
        await using var provider = StubResponses.BuildClient(clock, responses);
        var client = provider.GetRequiredService<TelephonyClient>();

        Assert.Equal(7.25m, (await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within()).Balance);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(7.25m, (await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within()).Balance);
    }

    // A reset sent in milliseconds (a day is 86,400,000) read as seconds is 1,000 days: believed, no call would be sent until then.
    [Fact]
    public async Task GetBalance_QuotaSpentUntilAResetYearsAway_NextCallIsStillSent()
    {
        var clock = new ObservableTimeProvider();
        var responses = new StubResponses(
            () =>
            {
                var response = StubResponses.Json("""{"balance":7.25}""");
                response.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "0");
                response.Headers.TryAddWithoutValidation("X-RateLimit-Reset", "86400000");
                return response;
            },
            () => StubResponses.Json("""{"balance":8.50}"""));
        await using var provider = StubResponses.BuildClient(clock, responses);
        var client = provider.GetRequiredService<TelephonyClient>();

        Assert.Equal(7.25m, (await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within()).Balance);
        Assert.Equal(8.50m, (await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within()).Balance);
        Assert.Equal(2, responses.Served);
    }
}
