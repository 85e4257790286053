using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Testing.RateLimiting;

namespace Telephony.Sdk.Tests.Testing;

/// <summary>The fake's rate-limit algorithms, called directly on a fake clock: exact accept/reject patterns and reported state.</summary>
public sealed class FakeRateLimiterTests
{
    private const string Key = "sk_test_limiter";

    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public static TheoryData<FakeRateLimitAlgorithm> Algorithms => [.. Enum.GetValues<FakeRateLimitAlgorithm>()];

    [Fact]
    public void FixedWindow_OverLimit_RejectsUntilTheWindowCloses()
    {
        var limiter = Create(FakeRateLimitAlgorithm.FixedWindow);

        var burst = Pattern(limiter, 4, limit: 3);
        _clock.Advance(TimeSpan.FromSeconds(4));
        var stillLimited = limiter.TryAcquire(Key, 3);
        _clock.Advance(TimeSpan.FromSeconds(6));
        var reopened = limiter.TryAcquire(Key, 3);

        Assert.Equal("AAAR", burst);
        Assert.Equal(new FakeRateLimitDecision(false, 3, TenSeconds, 0, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(6)), stillLimited);
        Assert.Equal(new FakeRateLimitDecision(true, 3, TenSeconds, 2, TenSeconds, TimeSpan.Zero), reopened);
    }

    [Theory]
    [InlineData(FakeRateLimitAlgorithm.FixedWindow, "AA")]
    [InlineData(FakeRateLimitAlgorithm.SlidingWindow, "AR")]
    public void TryAcquire_AtTheEdgeOfTheFirstWindow_OnlyTheSlidingWindowRemembersTheLastSpan(FakeRateLimitAlgorithm algorithm, string expected)
    {
        var limiter = Create(algorithm);

        var first = Pattern(limiter, 1, limit: 2);
        _clock.Advance(TimeSpan.FromSeconds(9));
        var second = Pattern(limiter, 1, limit: 2);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var atEdge = Pattern(limiter, 2, limit: 2);

        Assert.Equal("A", first);
        Assert.Equal("A", second);
        Assert.Equal(expected, atEdge);
    }

    [Fact]
    public void SlidingWindow_Decision_ReportsOldestForRetryAndYoungestForReset()
    {
        var limiter = Create(FakeRateLimitAlgorithm.SlidingWindow);

        limiter.TryAcquire(Key, 3);
        _clock.Advance(TimeSpan.FromSeconds(4));
        var second = limiter.TryAcquire(Key, 3);
        _clock.Advance(TimeSpan.FromSeconds(3));
        var third = limiter.TryAcquire(Key, 3);
        var rejected = limiter.TryAcquire(Key, 3);

        Assert.Equal(new FakeRateLimitDecision(true, 3, TenSeconds, 1, TenSeconds, TimeSpan.Zero), second);
        Assert.Equal(new FakeRateLimitDecision(true, 3, TenSeconds, 0, TenSeconds, TimeSpan.FromSeconds(3)), third);
        Assert.Equal(new FakeRateLimitDecision(false, 3, TenSeconds, 0, TenSeconds, TimeSpan.FromSeconds(3)), rejected);
    }

    [Fact]
    public void TokenBucket_Emptied_RefillsOneTokenPerTenthOfTheWindow()
    {
        var limiter = Create(FakeRateLimitAlgorithm.TokenBucket);

        var full = Pattern(limiter, 11, limit: 10);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var oneSecondLater = Pattern(limiter, 2, limit: 10);
        _clock.Advance(TimeSpan.FromSeconds(3.5));
        var threeAndAHalfLater = Pattern(limiter, 4, limit: 10);

        Assert.Equal("AAAAAAAAAAR", full);
        Assert.Equal("AR", oneSecondLater);
        Assert.Equal("AAAR", threeAndAHalfLater);
    }

    [Fact]
    public void TokenBucket_Decision_ReportsTokensLeftAndTimeToFull()
    {
        var limiter = Create(FakeRateLimitAlgorithm.TokenBucket);

        var first = limiter.TryAcquire(Key, 10);
        Pattern(limiter, 9, limit: 10);
        var rejected = limiter.TryAcquire(Key, 10);
        _clock.Advance(TimeSpan.FromSeconds(2.5));
        var afterRefill = limiter.TryAcquire(Key, 10);

        Assert.Equal(new FakeRateLimitDecision(true, 10, TenSeconds, 9, TimeSpan.FromSeconds(1), TimeSpan.Zero), first);
        Assert.Equal(new FakeRateLimitDecision(false, 10, TenSeconds, 0, TenSeconds, TimeSpan.FromSeconds(1)), rejected);
        Assert.Equal(new FakeRateLimitDecision(true, 10, TenSeconds, 1, TimeSpan.FromSeconds(8.5), TimeSpan.Zero), afterRefill);
    }

    [Fact]
    public void TokenBucket_WithBurst_HoldsTheBurstAndRefillsAtTheLimit()
    {
        var limiter = Create(FakeRateLimitAlgorithm.TokenBucket, burst: 4);

        var full = Pattern(limiter, 5, limit: 10);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var refilled = Pattern(limiter, 5, limit: 10);
        var decision = limiter.TryAcquire(Key, 10);

        Assert.Equal("AAAAR", full);
        Assert.Equal("AAAAR", refilled);
        Assert.Equal(4, decision.Quota);
        Assert.Equal(TimeSpan.FromSeconds(4), decision.QuotaWindow);
    }

    [Fact]
    public void TokenBucket_RateThatIsNotAWholeNumberOfTicks_NeverAcceptsEarly()
    {
        // 3 per second: a token takes 3,333,333⅓ ticks, so 3,333,333 ticks are not enough and 3,333,334 are.
        var limiter = Create(FakeRateLimitAlgorithm.TokenBucket, window: TimeSpan.FromSeconds(1));
        Pattern(limiter, 3, limit: 3);

        _clock.Advance(TimeSpan.FromTicks(3_333_333));
        var early = limiter.TryAcquire(Key, 3);
        _clock.Advance(TimeSpan.FromTicks(1));
        var onTime = limiter.TryAcquire(Key, 3);

        Assert.False(early.Accepted);
        Assert.Equal(TimeSpan.FromTicks(1), early.RetryAfter);
        Assert.True(onTime.Accepted);
    }

    [Fact]
    public void LeakyBucket_SixtyPerMinuteWithBurstOfFive_TakesFiveAtOnceThenOnePerSecond()
    {
        var limiter = Create(FakeRateLimitAlgorithm.LeakyBucket, window: TimeSpan.FromMinutes(1), burst: 5);

        var atOnce = Pattern(limiter, 6, limit: 60);
        var perSecond = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            perSecond.Add(Pattern(limiter, 2, limit: 60));
        }

        Assert.Equal("AAAAAR", atOnce);
        Assert.Equal(["AR", "AR", "AR"], perSecond);
    }

    [Fact]
    public void LeakyBucket_Decision_ReportsRoomLeftAndTimeToEmpty()
    {
        var limiter = Create(FakeRateLimitAlgorithm.LeakyBucket, window: TimeSpan.FromMinutes(1), burst: 5);

        var first = limiter.TryAcquire(Key, 60);
        Pattern(limiter, 4, limit: 60);
        var rejected = limiter.TryAcquire(Key, 60);
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        var afterDrain = limiter.TryAcquire(Key, 60);

        var fiveSeconds = TimeSpan.FromSeconds(5);
        Assert.Equal(new FakeRateLimitDecision(true, 5, fiveSeconds, 4, TimeSpan.FromSeconds(1), TimeSpan.Zero), first);
        Assert.Equal(new FakeRateLimitDecision(false, 5, fiveSeconds, 0, fiveSeconds, TimeSpan.FromSeconds(1)), rejected);
        Assert.Equal(new FakeRateLimitDecision(true, 5, fiveSeconds, 0, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(0.5)), afterDrain);
    }

    [Fact]
    public void LeakyBucket_TwentyPerSecondWithBurstOfHundred_DrainsTwentyEachSecond()
    {
        var limiter = Create(FakeRateLimitAlgorithm.LeakyBucket, window: TimeSpan.FromMinutes(1), burst: 100);

        var accepted = Accepted(limiter, 150, limit: 1200);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var acceptedASecondLater = Accepted(limiter, 50, limit: 1200);
        var decision = limiter.TryAcquire(Key, 1200);

        Assert.Equal(100, accepted);
        Assert.Equal(20, acceptedASecondLater);
        Assert.Equal((100, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50)), (decision.Quota, decision.QuotaWindow, decision.RetryAfter));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(9, 1)]
    [InlineData(100, 10)]
    [InlineData(1000, 100)]
    public void LeakyBucket_WithoutBurst_HoldsATenthOfTheLimitAtLeastOne(int limit, int expected)
    {
        var limiter = Create(FakeRateLimitAlgorithm.LeakyBucket);

        var accepted = Accepted(limiter, limit, limit);

        Assert.Equal(expected, accepted);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void TryAcquire_AfterRejection_AcceptsExactlyWhenRetryAfterSays(FakeRateLimitAlgorithm algorithm)
    {
        var limiter = Create(algorithm, burst: 3);
        Pattern(limiter, 3, limit: 3);
        _clock.Advance(TimeSpan.FromSeconds(2.5));
        Pattern(limiter, 3, limit: 3);
        var rejected = limiter.TryAcquire(Key, 3);
        Assert.False(rejected.Accepted);

        _clock.Advance(rejected.RetryAfter - TimeSpan.FromTicks(1));
        var aTickEarly = limiter.TryAcquire(Key, 3);
        _clock.Advance(TimeSpan.FromTicks(1));
        var onTime = limiter.TryAcquire(Key, 3);

        Assert.False(aTickEarly.Accepted);
        Assert.True(onTime.Accepted);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void TryAcquire_AfterReset_HasTheWholeQuotaAgain(FakeRateLimitAlgorithm algorithm)
    {
        var limiter = Create(algorithm, burst: 3);
        Pattern(limiter, 2, limit: 3);
        _clock.Advance(TimeSpan.FromSeconds(2.5));
        var last = limiter.TryAcquire(Key, 3);

        _clock.Advance(last.ResetAfter);
        var again = Pattern(limiter, 4, limit: 3);

        Assert.Equal("AAAR", again);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void TryAcquire_RejectedRequests_ConsumeNothing(FakeRateLimitAlgorithm algorithm)
    {
        var limiter = Create(algorithm, burst: 1);
        var first = limiter.TryAcquire(Key, 1);
        var rejections = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            rejections.Add(limiter.TryAcquire(Key, 1).Accepted);
        }

        _clock.Advance(TimeSpan.FromSeconds(5));
        var afterWindow = limiter.TryAcquire(Key, 1);

        Assert.True(first.Accepted);
        Assert.Equal(TenSeconds, first.RetryAfter);
        Assert.All(rejections, Assert.False);
        Assert.True(afterWindow.Accepted);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void TryAcquire_EachKey_HasItsOwnState(FakeRateLimitAlgorithm algorithm)
    {
        var limiter = Create(algorithm, burst: 2);

        var first = Pattern(limiter, 3, limit: 2);
        var other = limiter.TryAcquire("pk_test_other", 2);

        Assert.Equal("AAR", first);
        Assert.Equal((true, 1), (other.Accepted, other.Remaining));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task TryAcquire_ConcurrentRequests_AcceptExactlyTheLimit(FakeRateLimitAlgorithm algorithm)
    {
        var limiter = Create(algorithm, burst: 100);
        var accepted = 0;

        await Parallel.ForAsync(0, 1000, TestContext.Current.CancellationToken, (_, _) =>
        {
            if (limiter.TryAcquire(Key, 100).Accepted)
            {
                Interlocked.Increment(ref accepted);
            }

            return ValueTask.CompletedTask;
        });

        Assert.Equal(100, accepted);
    }

    private static string Pattern(IFakeRateLimiter limiter, int requests, int limit) =>
        string.Concat(Enumerable.Range(0, requests).Select(_ => limiter.TryAcquire(Key, limit).Accepted ? "A" : "R"));

    private static int Accepted(IFakeRateLimiter limiter, int requests, int limit) =>
        Pattern(limiter, requests, limit).Count(c => c == 'A');

    private IFakeRateLimiter Create(FakeRateLimitAlgorithm algorithm, TimeSpan? window = null, int? burst = null) =>
        FakeRateLimitGate.Create(algorithm, _clock, window ?? TenSeconds, burst);
}
