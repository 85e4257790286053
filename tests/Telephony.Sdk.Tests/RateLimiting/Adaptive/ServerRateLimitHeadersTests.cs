using System.Globalization;
using System.Net;
using Telephony.Sdk.Resilience;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Retry;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting.Adaptive;

/// <summary>Both dialects of rate-limit headers, read into one quota.</summary>
public sealed class ServerRateLimitHeadersTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Read_XRateLimitHeaders_LimitRemainingAndResetInSeconds()
    {
        using var response = Response(("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "50"), ("X-RateLimit-Reset", "30"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(100, OneMinute, 50, TimeSpan.FromSeconds(30)), headers);
        Assert.False(malformed);
    }

    [Fact]
    public void Read_HeadersWithoutXPrefix_ReadAlike()
    {
        using var response = Response(("RateLimit-Limit", "100"), ("RateLimit-Remaining", "7"), ("RateLimit-Reset", "12"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(100, OneMinute, 7, TimeSpan.FromSeconds(12)), headers);
        Assert.False(malformed);
    }

    [Fact]
    public void Read_HeaderNamesInOtherCases_ReadAlike()
    {
        using var legacy = Response(("x-ratelimit-limit", "100"), ("X-RATELIMIT-REMAINING", "50"), ("x-RateLimit-reset", "30"));
        using var ietf = Response(("ratelimit-policy", "\"default\";q=100;w=60"), ("RATELIMIT", "\"default\";r=50;t=30"));

        var fromLegacy = ServerRateLimitHeaders.Read(legacy, Now, out var legacyMalformed);
        var fromIetf = ServerRateLimitHeaders.Read(ietf, Now, out var ietfMalformed);

        Assert.Equal(new ServerRateLimitHeaders(100, OneMinute, 50, TimeSpan.FromSeconds(30)), fromLegacy);
        Assert.Equal(new ServerRateLimitHeaders(100, TimeSpan.FromSeconds(60), 50, TimeSpan.FromSeconds(30)), fromIetf);
        Assert.False(legacyMalformed);
        Assert.False(ietfMalformed);
    }

    [Fact]
    public void Read_ResetAsUnixSeconds_IsTheTimeUntilThen()
    {
        using var response = Response(("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", (Now.ToUnixTimeSeconds() + 45).ToString(CultureInfo.InvariantCulture)));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(TimeSpan.FromSeconds(45), headers?.Reset);
        Assert.False(malformed);
    }

    [Fact]
    public void Read_ResetAroundOneBillion_DelaySecondsBelowItUnixSecondsFromIt()
    {
        // Read as a delay, 999,999,999 s is 31 years: past the longest wait a header is believed for.
        using var delay = Response(("X-RateLimit-Remaining", "1"), ("X-RateLimit-Reset", "999999999"));
        using var unix = Response(("X-RateLimit-Remaining", "1"), ("X-RateLimit-Reset", "1000000000"));

        var fromDelay = ServerRateLimitHeaders.Read(delay, DateTimeOffset.FromUnixTimeSeconds(999_999_990), out var delayMalformed);
        var fromUnix = ServerRateLimitHeaders.Read(unix, DateTimeOffset.FromUnixTimeSeconds(999_999_990), out var unixMalformed);

        Assert.Null(fromDelay);
        Assert.True(delayMalformed);
        Assert.Equal(TimeSpan.FromSeconds(10), fromUnix?.Reset);
        Assert.False(unixMalformed);
    }

    // A reset sent in milliseconds (86,400,000 for a day) would otherwise hold the key's calls for 1,000 days.
    [Theory]
    [InlineData("X-RateLimit-Reset", "86400000")]
    [InlineData("X-RateLimit-Reset", "86401")]
    [InlineData("X-RateLimit-Reset", "1900000000")]
    public void Read_ResetMoreThanADayAway_IgnoredAndFlagged(string name, string reset)
    {
        using var response = Response(("X-RateLimit-Remaining", "0"), (name, reset));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Null(headers);
        Assert.True(malformed);
    }

    [Fact]
    public void Read_ResetExactlyADayAway_Believed()
    {
        using var response = Response(("RateLimit-Policy", "\"daily\";q=10000;w=86400"), ("RateLimit", "\"daily\";r=0;t=86400"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(10000, TimeSpan.FromDays(1), 0, TimeSpan.FromDays(1)), headers);
        Assert.False(malformed);
    }

    [Fact]
    public void Read_ResetAsUnixSecondsInThePast_IsZero()
    {
        using var response = Response(("X-RateLimit-Remaining", "3"), ("X-RateLimit-Reset", (Now.ToUnixTimeSeconds() - 5).ToString(CultureInfo.InvariantCulture)));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(TimeSpan.Zero, headers?.Reset);
        Assert.False(malformed);
    }

    [Fact]
    public void Read_IetfStructuredFields_QuotaWindowRemainingAndReset()
    {
        using var response = Response(("RateLimit-Policy", "\"default\";q=100;w=60"), ("RateLimit", "\"default\";r=50;t=30"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(100, TimeSpan.FromSeconds(60), 50, TimeSpan.FromSeconds(30)), headers);
        Assert.False(malformed);
    }

    [Fact]
    public void Read_IetfRateLimitWithoutPolicy_RemainingWithoutLimit()
    {
        using var response = Response(("RateLimit", "\"default\";r=50;t=30"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(null, null, 50, TimeSpan.FromSeconds(30)), headers);
        Assert.False(malformed);
    }

    [Fact]
    public void Read_IetfSeveralPolicies_TheMostRestrictiveGoverns()
    {
        using var response = Response(
            ("RateLimit-Policy", "\"minute\";q=50;w=60, \"tenminutes\";q=1000;w=600"),
            ("RateLimit", "\"tenminutes\";r=400;t=300, \"minute\";r=10;t=20"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(50, TimeSpan.FromSeconds(60), 10, TimeSpan.FromSeconds(20)), headers);
        Assert.False(malformed);
    }

    [Fact]
    public void Read_IetfSeveralPoliciesAllSpent_WaitsForTheLastToReset()
    {
        // Both quotas are spent: a request can go only when the hourly one resets, not when the per-second one does.
        using var response = Response(
            ("RateLimit-Policy", "\"burst\";q=10;w=1, \"hour\";q=1000;w=3600"),
            ("RateLimit", "\"burst\";r=0;t=1, \"hour\";r=0;t=3599"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out _);

        Assert.Equal(0, headers?.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(3599), headers?.Reset);
    }

    [Fact]
    public void Read_IetfPoliciesOnSeveralHeaderLines_ReadAsOneList()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("RateLimit", ["\"hour\";r=900;t=3000", "\"minute\";r=4;t=40"]);

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(null, null, 4, TimeSpan.FromSeconds(40)), headers);
        Assert.False(malformed);
    }

    [Fact]
    public void Read_Draft07Dictionary_RemainingAndReset()
    {
        using var response = Response(("RateLimit", "limit=100, remaining=50, reset=30"), ("RateLimit-Policy", "100;w=60"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(100, TimeSpan.FromSeconds(60), 50, TimeSpan.FromSeconds(30)), headers);
        Assert.False(malformed);
    }

    [Fact]
    public void Read_Draft07DictionaryWithoutPolicy_LimitFromTheDictionary()
    {
        // Draft 07 states the limit in the RateLimit field itself; RateLimit-Policy is optional there.
        using var response = Response(("RateLimit", "limit=100, remaining=50, reset=30"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(100, null, 50, TimeSpan.FromSeconds(30)), headers);
        Assert.False(malformed);
    }

    [Fact]
    public void Read_NoRateLimitHeaders_NullAndNotMalformed()
    {
        using var response = Response(("X-Request-Id", "abc"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Null(headers);
        Assert.False(malformed);
    }

    [Theory]
    [InlineData("soon", "30")]
    [InlineData("-1", "30")]
    [InlineData("5", "30s")]
    [InlineData("5", "")]
    public void Read_MalformedRemainingOrReset_IgnoredAndFlagged(string remaining, string reset)
    {
        using var response = Response(("X-RateLimit-Remaining", remaining), ("X-RateLimit-Reset", reset));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Null(headers);
        Assert.True(malformed);
    }

    [Fact]
    public void Read_MalformedLimitOnly_QuotaKeptLimitIgnoredAndFlagged()
    {
        using var response = Response(("X-RateLimit-Limit", "lots"), ("X-RateLimit-Remaining", "5"), ("X-RateLimit-Reset", "30"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(null, null, 5, TimeSpan.FromSeconds(30)), headers);
        Assert.True(malformed);
    }

    [Theory]
    [InlineData("\"default\";r=50")]
    [InlineData("\"default\";t=30")]
    [InlineData("\"default\";r=many;t=30")]
    public void Read_IetfRateLimitMissingOrBadParameter_CountIgnoredAndFlaggedPolicyKept(string field)
    {
        using var response = Response(("RateLimit-Policy", "\"default\";q=100;w=60"), ("RateLimit", field));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(100, TimeSpan.FromSeconds(60), null, null), headers);
        Assert.True(malformed);
    }

    [Theory]
    [InlineData("\"default\";q=2400;w=60", 2400, 60)]
    [InlineData("2400;w=60", 2400, 60)]
    public void Read_PolicyAlone_LimitAndWindowWithoutACount(string policy, int limit, int windowSeconds)
    {
        using var response = Response(("RateLimit-Policy", policy));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(limit, TimeSpan.FromSeconds(windowSeconds), null, null), headers);
        Assert.False(malformed);
    }

    [Theory]
    [InlineData("X-RateLimit-Limit")]
    [InlineData("RateLimit-Limit")]
    public void Read_LimitFieldAlone_LimitPerMinuteWithoutACount(string name)
    {
        using var response = Response((name, "2400"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(2400, OneMinute, null, null), headers);
        Assert.False(malformed);
    }

    [Theory]
    [InlineData("RateLimit-Policy", "\"default\";q=lots;w=60")]
    [InlineData("RateLimit-Policy", "\"default\";q=0;w=60")]
    [InlineData("RateLimit-Policy", "\"default\";q=2400;w=soon")]
    [InlineData("RateLimit-Policy", "\"default\";q=2400;w=0")]
    [InlineData("RateLimit-Policy", "q=-5")]
    [InlineData("X-RateLimit-Limit", "lots")]
    [InlineData("X-RateLimit-Limit", "-2400")]
    [InlineData("X-RateLimit-Limit", "0")]
    public void Read_MalformedLimitAlone_IgnoredAndFlagged(string name, string value)
    {
        using var response = Response((name, value));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Null(headers);
        Assert.True(malformed);
    }

    [Fact]
    public void Read_LimitWithMalformedCount_CountIgnoredAndFlaggedLimitKept()
    {
        using var response = Response(("X-RateLimit-Limit", "2400"), ("X-RateLimit-Remaining", "many"), ("X-RateLimit-Reset", "30"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(2400, OneMinute, null, null), headers);
        Assert.True(malformed);
    }

    [Fact]
    public void Read_IetfMalformedPolicyQuota_QuotaKeptLimitIgnoredAndFlagged()
    {
        using var response = Response(("RateLimit-Policy", "\"default\";q=plenty;w=60"), ("RateLimit", "\"default\";r=50;t=30"));

        var headers = ServerRateLimitHeaders.Read(response, Now, out var malformed);

        Assert.Equal(new ServerRateLimitHeaders(null, null, 50, TimeSpan.FromSeconds(30)), headers);
        Assert.True(malformed);
    }

    private static HttpResponseMessage Response(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
