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
            new TelephonyRateLimitState { Limit = limit, LimitWindow = TimeSpan.FromMinutes(1), Source = TelephonyRateLimitSource.DocumentedDefault, Remaining = limit },
            state);
    }

    [Fact]
    public void Snapshot_NoHeaders_RemainingIsWhatTheSdkWindowHasLeft()
    {
        var key = new KeyUnderTest();
        var window = key.Limit.WindowLimiter!;
        for (var i = 0; i < 3; i++)
        {
            Assert.True(window.AttemptAcquire().IsAcquired);
            key.Answer(key.SendNow(), HttpStatusCode.OK);
        }

        var state = key.Limit.Snapshot();

        Assert.Equal((1000, TimeSpan.FromMinutes(1), TelephonyRateLimitSource.DocumentedDefault, 997), (state.Limit, state.LimitWindow, state.Source, state.Remaining));
        Assert.Null(state.ResetsAt);
        key.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1000, key.Limit.Snapshot().Remaining);
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
            new TelephonyRateLimitState { Limit = 250, LimitWindow = TimeSpan.FromMinutes(1), Source = TelephonyRateLimitSource.Configured, Remaining = 250 },
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
                LimitWindow = TimeSpan.FromMinutes(1),
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

        key.Answer(key.SendNow(), HttpStatusCode.OK, ("X-RateLimit-Limit", "plenty"), ("X-RateLimit-Remaining", "many"), ("X-RateLimit-Reset", "30"));

        Assert.Equal(
            new TelephonyRateLimitState { Limit = 1000, LimitWindow = TimeSpan.FromMinutes(1), Source = TelephonyRateLimitSource.DocumentedDefault, Remaining = 1000 },
            key.Limit.Snapshot());
        Assert.NotNull(window);
        Assert.Same(window, key.Limit.WindowLimiter);
    }

    [Theory]
    [InlineData("RateLimit-Policy", "\"default\";q=2400;w=60", 2400, 60)]
    [InlineData("RateLimit-Policy", "2400;w=60", 2400, 60)]
    [InlineData("X-RateLimit-Limit", "2400", 2400, 60)]
    [InlineData("RateLimit-Policy", "\"default\";q=50;w=60", 50, 60)]
    [InlineData("X-RateLimit-Limit", "50", 50, 60)]
    [InlineData("RateLimit-Policy", "\"default\";q=10;w=6", 10, 6)]
    public void Observe_LimitStatedWithoutACount_TheSdkWindowFollowsItRaisedOrLowered(string name, string value, int limit, int windowSeconds)
    {
        var key = new KeyUnderTest();
        var window = key.Limit.WindowLimiter!;
        Assert.True(window.AttemptAcquire().IsAcquired);

        key.Answer(key.SendNow(), HttpStatusCode.OK, (name, value));

        Assert.Equal(
            new TelephonyRateLimitState
            {
                Limit = limit,
                LimitWindow = TimeSpan.FromSeconds(windowSeconds),
                Source = TelephonyRateLimitSource.ServerHeaders,
                Remaining = limit - 1,
            },
            key.Limit.Snapshot());
        Assert.Same(window, key.Limit.WindowLimiter);
        Assert.Equal(limit - 1, Enumerable.Range(0, limit + 5).Count(_ => window.AttemptAcquire().IsAcquired));
    }

    [Fact]
    public void Observe_PolicyAloneEveryResponse_NoCountEverComesAndTheWindowKeepsTheStatedLimit()
    {
        var key = new KeyUnderTest();
        var window = key.Limit.WindowLimiter!;
        var sent = 0;

        // Three minutes at the stated 2,400 per minute: each minute's permits come back 61 s after they were used.
        for (var minute = 0; minute < 3; minute++)
        {
            for (; window.AttemptAcquire().IsAcquired; sent++)
            {
                key.Answer(key.SendNow(), HttpStatusCode.OK, ("RateLimit-Policy", "\"default\";q=2400;w=60"));
            }

            key.Clock.Advance(TimeSpan.FromSeconds(61));
        }

        Assert.Equal(3 * 2400, sent);
        Assert.Equal(TelephonyRateLimitSource.ServerHeaders, key.Limit.Snapshot().Source);
    }

    [Theory]
    [InlineData("\"default\";q=2400;w=60", 500, TelephonyRateLimitSource.Configured)]
    [InlineData("\"default\";q=200;w=60", 200, TelephonyRateLimitSource.ServerHeaders)]
    [InlineData("\"default\";q=100;w=10", 500, TelephonyRateLimitSource.Configured)]
    public void Observe_PolicyAloneAndPermitsPerMinuteConfigured_ConfiguredStaysTheCeiling(string policy, int limit, TelephonyRateLimitSource source)
    {
        var key = new KeyUnderTest(configure: o => o.PermitsPerMinute = 500);
        var window = key.Limit.WindowLimiter!;

        key.Answer(key.SendNow(), HttpStatusCode.OK, ("RateLimit-Policy", policy));

        var state = key.Limit.Snapshot();
        Assert.Equal((limit, TimeSpan.FromMinutes(1), source), (state.Limit, state.LimitWindow, state.Source));
        Assert.Equal(limit, Enumerable.Range(0, 3000).Count(_ => window.AttemptAcquire().IsAcquired));
    }

    [Fact]
    public void Observe_PolicyAloneWithAnAppLimiter_TheAppsLimiterStaysAndNoRemainingIsGuessed()
    {
        using var appLimiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        var key = new KeyUnderTest(configure: o => o.LimiterFactory = _ => appLimiter);

        key.Answer(key.SendNow(), HttpStatusCode.OK, ("RateLimit-Policy", "\"default\";q=2400;w=60"));

        var state = key.Limit.Snapshot();
        Assert.Same(appLimiter, key.Limit.WindowLimiter);
        Assert.Equal((2400, TelephonyRateLimitSource.ServerHeaders, (int?)null), (state.Limit, state.Source, state.Remaining));
    }

    [Fact]
    public void Observe_PolicyAloneThenACount_TheServerQuotaTakesOverFromTheSdkWindow()
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendNow(), HttpStatusCode.OK, ("RateLimit-Policy", "\"default\";q=2400;w=60"));
        Assert.NotNull(key.Limit.WindowLimiter);

        key.Answer(key.SendNow(), HttpStatusCode.OK, ("RateLimit-Policy", "\"default\";q=2400;w=60"), ("RateLimit", "\"default\";r=2000;t=40"));

        Assert.Null(key.Limit.WindowLimiter);
        Assert.Equal(2000, key.Limit.Snapshot().Remaining);
    }

    [Fact]
    public void Observe_429WithThePolicyAlone_PausedAndPacedLikeA429WithoutHeaders()
    {
        var key = new KeyUnderTest();
        key.Answer(key.SendNow(), HttpStatusCode.OK, ("RateLimit-Policy", "\"default\";q=600;w=60"));

        var learnt = key.Answer(key.SendNow(), HttpStatusCode.TooManyRequests, ("RateLimit-Policy", "\"default\";q=600;w=60"), ("Retry-After", "2"));

        var state = key.Limit.Snapshot();
        Assert.NotNull(learnt.NewPace);
        Assert.Equal((TelephonyRateLimitSource.ServerHeaders, 600), (state.Source, state.Limit));
        Assert.NotNull(state.RequestsPerSecond);
        Assert.Equal(key.Start.AddSeconds(2), state.PausedUntil);
    }
}
