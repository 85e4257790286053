using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.Resilience;

/// <summary>Whole calls on a clock that moves on between any two readings of it, as a real one does.</summary>
public sealed class MovingClockTests
{
    [Fact]
    public async Task GetBalance_429ForARequestSentASegmentAfterItsPermitWasTaken_RetriesOnTheRefundedPermit()
    {
        var clock = new ObservableTimeProvider();
        var responses = new StubResponses(
            () =>
            {
                clock.AutoAdvanceAmount = TimeSpan.Zero;
                return StubResponses.Status(429, r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1)));
            },
            () => StubResponses.Json("""{"balance":7.25}"""));

        // One permit a minute, and a budget too short to wait for it to come back: only the refund lets the retry go.
        await using var provider = StubResponses.BuildClient(clock, responses, o =>
        {
            o.RateLimit.PermitsPerMinute = 1;
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(30);
        });
        var client = provider.GetRequiredService<TelephonyClient>();

        // A second a reading, the limiter's segment: the request leaves in a later segment than its permit was taken in.
        clock.AutoAdvanceAmount = TimeSpan.FromSeconds(1);
        var call = client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        await clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(7.25m, (await call.Within()).Balance);
        Assert.Equal(2, responses.Served);
    }
}
