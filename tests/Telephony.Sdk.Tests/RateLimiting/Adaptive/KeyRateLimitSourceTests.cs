using System.Net;
using System.Threading.RateLimiting;
using Telephony.Sdk.Resilience;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Retry;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting.Adaptive;

/// <summary>Which limit a key follows, where it comes from, and which window limiter enforces it.</summary>
public sealed class KeyRateLimitSourceTests
{
    [Theory]
    [InlineData(false, 1000)]
    [InlineData(true, 100)]
    public void Snapshot_NothingLearnt_DocumentedDefaultPerMinute(bool publishable, int limit)
    {
        var key = new KeyUnderTest(publishable);

        var state = key.Limit.Snapshot();

        Assert.Equal(
            new TelephonyRateLimitState { Limit = limit, LimitWindow = TimeSpan.FromMinutes(1), Source = TelephonyRateLimitSource.DocumentedDefault },
            state);
    }

    [Theory]
    [InlineData(false, 1000)]
    [InlineData(true, 100)]
    public void WindowLimiter_NothingLearnt_SdkWindowAtTheDocumentedLimit(bool publishable, int limit)
    {
        var key = new KeyUnderTest(publishable);

        var window = Assert.IsType<ClockSlidingWindowRateLimiter>(key.Limit.WindowLimiter);

        Assert.Equal(limit, window.GetStatistics()!.CurrentAvailablePermits);
        Assert.False(key.Limit.IsAppLimiter);
    }

    [Fact]
    public void Snapshot_PermitsPerMinuteConfigured_ConfiguredLimitAndWindow()
    {
        var key = new KeyUnderTest(configure: o => o.PermitsPerMinute = 250);

        var state = key.Limit.Snapshot();
        var window = Assert.IsType<ClockSlidingWindowRateLimiter>(key.Limit.WindowLimiter);

        Assert.Equal(
            new TelephonyRateLimitState { Limit = 250, LimitWindow = TimeSpan.FromMinutes(1), Source = TelephonyRateLimitSource.Configured },
            state);
        Assert.Equal(250, window.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public void Observe_HeadersRaiseTheLimit_ServerHeadersAndTheSdkWindowLifted()
    {
        var key = new KeyUnderTest();
        var turn = key.SendNow();

        key.Answer(turn, HttpStatusCode.OK, ("X-RateLimit-Limit", "3000"), ("X-RateLimit-Remaining", "2999"), ("X-RateLimit-Reset", "60"));

        Assert.Equal(
            new TelephonyRateLimitState
            {
                Limit = 3000,
                LimitWindow = null,
                Source = TelephonyRateLimitSource.ServerHeaders,
                Remaining = 2999,
                ResetsAt = key.Start.AddSeconds(60),
            },
            key.Limit.Snapshot());
        Assert.Null(key.Limit.WindowLimiter);
    }

    [Fact]
    public void Observe_IetfPolicyWithWindow_ServerLimitWithItsWindow()
    {
        var key = new KeyUnderTest();
        var turn = key.SendNow();

        key.Answer(turn, HttpStatusCode.OK, ("RateLimit-Policy", "\"default\";q=3000;w=60"), ("RateLimit", "\"default\";r=2999;t=60"));

        var state = key.Limit.Snapshot();
        Assert.Equal((3000, TimeSpan.FromSeconds(60), TelephonyRateLimitSource.ServerHeaders), (state.Limit, state.LimitWindow, state.Source));
        Assert.Null(key.Limit.WindowLimiter);
    }

    [Fact]
    public void Observe_HeadersRaiseTheLimitButPermitsPerMinuteConfigured_ConfiguredCeilingAndWindowKept()
    {
        var key = new KeyUnderTest(configure: o => o.PermitsPerMinute = 500);
        var window = key.Limit.WindowLimiter;
        var turn = key.SendNow();

        key.Answer(turn, HttpStatusCode.OK, ("X-RateLimit-Limit", "3000"), ("X-RateLimit-Remaining", "2999"), ("X-RateLimit-Reset", "60"));

        Assert.Equal(
            new TelephonyRateLimitState
            {
                Limit = 500,
                LimitWindow = TimeSpan.FromMinutes(1),
                Source = TelephonyRateLimitSource.Configured,
                Remaining = 2999,
                ResetsAt = key.Start.AddSeconds(60),
            },
            key.Limit.Snapshot());
        Assert.NotNull(window);
        Assert.Same(window, key.Limit.WindowLimiter);
    }

    [Fact]
    public void WindowLimiter_AppLimiterFactory_TheAppsLimiterEvenAfterServerHeaders()
    {
        using var appLimiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        TelephonyRateLimitPartition? partition = null;
        var key = new KeyUnderTest(publishable: true, configure: o => o.LimiterFactory = p =>
        {
            partition = p;
            return appLimiter;
        });
        var turn = key.SendNow();

        key.Answer(turn, HttpStatusCode.OK, ("X-RateLimit-Limit", "3000"), ("X-RateLimit-Remaining", "2999"), ("X-RateLimit-Reset", "60"));

        Assert.Same(appLimiter, key.Limit.WindowLimiter);
        Assert.True(key.Limit.IsAppLimiter);
        Assert.Equal(new TelephonyRateLimitPartition("pk-key-id", true, 100, 1000), partition);
    }

    [Fact]
    public void Observe_MalformedHeaders_ReportedOncePerKey()
    {
        var key = new KeyUnderTest();
        var other = new KeyUnderTest();
        (string, string)[] malformed = [("X-RateLimit-Remaining", "many"), ("X-RateLimit-Reset", "30")];

        var first = key.Answer(key.SendNow(), HttpStatusCode.OK, malformed);
        var second = key.Answer(key.SendNow(), HttpStatusCode.OK, malformed);
        var otherKey = other.Answer(other.SendNow(), HttpStatusCode.OK, malformed);

        Assert.True(first.MalformedHeaders);
        Assert.False(second.MalformedHeaders);
        Assert.True(otherKey.MalformedHeaders);
    }

    [Fact]
    public void Observe_MalformedHeaders_IgnoredSoTheDocumentedLimitAndWindowStay()
    {
        var key = new KeyUnderTest();
        var window = key.Limit.WindowLimiter;

        key.Answer(key.SendNow(), HttpStatusCode.OK, ("X-RateLimit-Limit", "3000"), ("X-RateLimit-Remaining", "many"), ("X-RateLimit-Reset", "30"));

        Assert.Equal(
            new TelephonyRateLimitState { Limit = 1000, LimitWindow = TimeSpan.FromMinutes(1), Source = TelephonyRateLimitSource.DocumentedDefault },
            key.Limit.Snapshot());
        Assert.NotNull(window);
        Assert.Same(window, key.Limit.WindowLimiter);
    }
}
