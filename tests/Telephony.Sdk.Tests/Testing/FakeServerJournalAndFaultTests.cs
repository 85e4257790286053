using System.Net;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.Testing;

/// <summary>The fake's request journal and fault injection.</summary>
public sealed class FakeServerJournalAndFaultTests
{
    [Fact]
    public async Task Requests_RecordMethodPathTimeRedactedKeyAndStatus()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var server = await TelephonyFakeServer.StartAsync(o => o.TimeProvider = clock, TestContext.Current.CancellationToken);
        using var valid = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);
        using var anonymous = FakeServerRateLimitTests.PlainClient(server, apiKey: null);

        using var first = await valid.GetAsync("account/balance", TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(5));
        using var second = await anonymous.GetAsync("account/balance", TestContext.Current.CancellationToken);

        Assert.Collection(
            server.Requests,
            r => Assert.Equal(new FakeRequest("GET", "/api/account/balance", clock.Start, "sk_test_…0001", 200), r),
            r => Assert.Equal(new FakeRequest("GET", "/api/account/balance", clock.Start.AddSeconds(5), null, 401), r));
        Assert.DoesNotContain(server.Requests, r => r.RedactedKey?.Contains(TelephonyFakeServer.SecretTestKey, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Requests_OverTheLogLimit_KeepsTheLastOnesAndCountsThemAll()
    {
        await using var server = await TelephonyFakeServer.StartAsync(o => o.RequestLogLimit = 3, TestContext.Current.CancellationToken);
        using var valid = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);
        using var anonymous = FakeServerRateLimitTests.PlainClient(server, apiKey: null);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await valid.GetAsync("account/balance", TestContext.Current.CancellationToken);
        }

        using (await anonymous.GetAsync("account/balance", TestContext.Current.CancellationToken))
        {
        }

        server.Faults.DropConnection();
        await Assert.ThrowsAsync<HttpRequestException>(() => valid.GetAsync("account/balance", TestContext.Current.CancellationToken));
        using var last = await valid.GetAsync("account/balance", TestContext.Current.CancellationToken);
        var counts = server.RequestCounts;

        Assert.Equal([401, null, 200], server.Requests.Select(r => r.StatusCode));
        Assert.Equal(6, counts.Total);
        Assert.Equal(1, counts.WithoutKey);
        Assert.Equal(1, counts.Dropped);
        Assert.Equal(new Dictionary<string, long> { ["sk_test_…0001"] = 5 }, counts.ByKey);
        Assert.Equal(new Dictionary<int, long> { [200] = 4, [401] = 1 }, counts.ByStatus);
    }

    [Fact]
    public void Journal_ManyMoreRequestsThanItsLimit_HoldsOnlyTheLimit()
    {
        var journal = new FakeRequestJournal(limit: 1000);
        var start = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

        for (var i = 0; i < 100_000; i++)
        {
            journal.Add(new FakeRequest("GET", "/api/account/balance", start.AddTicks(i), "sk_test_…0001", 200));
        }

        var last = journal.Last();
        Assert.Equal(1000, last.Count);
        Assert.Equal(start.AddTicks(99_000), last[0].Timestamp);
        Assert.Equal(start.AddTicks(99_999), last[^1].Timestamp);
        Assert.Equal(100_000, journal.Counts().Total);
    }

    [Fact]
    public async Task ClearRequests_ForgetsTheLogAndResetsTheCounts()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var valid = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);
        using (await valid.GetAsync("account/balance", TestContext.Current.CancellationToken))
        {
        }

        server.ClearRequests();

        Assert.Empty(server.Requests);
        Assert.Equal(0, server.RequestCounts.Total);
        Assert.Empty(server.RequestCounts.ByKey);
        Assert.Empty(server.RequestCounts.ByStatus);
    }

    [Fact]
    public async Task RequestLogLimit_DefaultsTo1000AndRefusesANegativeValue()
    {
        Assert.Equal(1000, new TelephonyFakeServerOptions().RequestLogLimit);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TelephonyFakeServer.StartAsync(o => o.RequestLogLimit = -1, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Faults_RespondWithStatus_AppliesToTheNextNRequestsOnly()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);
        server.Faults.RespondWithStatus(503, times: 2, retryAfter: TimeSpan.FromSeconds(7));

        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.GetAsync("account/balance", TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            retryAfter ??= response.Headers.RetryAfter?.Delta;
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Equal(TimeSpan.FromSeconds(7), retryAfter);
        Assert.Equal([503, 503, 200], server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task EveryResponse_CarriesItsOwnRequestId()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var valid = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);
        using var anonymous = FakeServerRateLimitTests.PlainClient(server, apiKey: null);
        server.Faults.RespondWithStatus(503);

        using var injected = await valid.GetAsync("account/balance", TestContext.Current.CancellationToken);
        using var ok = await valid.GetAsync("account/balance", TestContext.Current.CancellationToken);
        using var notFound = await valid.GetAsync("no/such/path", TestContext.Current.CancellationToken);
        using var unauthorized = await anonymous.GetAsync("account/balance", TestContext.Current.CancellationToken);
        string[] ids = [.. new[] { injected, ok, notFound, unauthorized }.Select(r => Assert.Single(r.Headers.GetValues("X-Request-Id")))];

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized], new[] { injected, ok, notFound, unauthorized }.Select(r => r.StatusCode));
        Assert.All(ids, id => Assert.Matches("^req_[0-9a-f]{32}$", id));
        Assert.Equal(4, ids.Distinct().Count());
    }

    [Fact]
    public async Task Faults_RespondWithStatusWithHeaders_SendsThemAndTheSdkReportsTheRequestId()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);
        var headers = new Dictionary<string, string> { ["x-request-id"] = "req_support_case_42", ["X-Served-By"] = "fake-edge-1" };
        server.Faults.RespondWithStatus(503, times: 2, headers: headers);
        using var client = new TelephonyClient(new TelephonyClientOptions
        {
            ApiKey = TelephonyFakeServer.SecretTestKey,
            BaseAddress = server.BaseAddress,
            Resilience = { MaxRetryAttempts = 0 },
        });

        using var plain = await http.GetAsync("account/balance", TestContext.Current.CancellationToken);
        var e = await Assert.ThrowsAsync<TelephonyServerException>(() => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Equal(["req_support_case_42"], plain.Headers.GetValues("X-Request-Id"));
        Assert.Equal(["fake-edge-1"], plain.Headers.GetValues("X-Served-By"));
        Assert.Equal("req_support_case_42", e.RequestId);
        Assert.EndsWith("[request id: req_support_case_42]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Faults_RespondWithStatusWithAHeaderWithoutName_IsRefused()
    {
        var faults = new FakeServerFaults();

        Assert.Throws<ArgumentException>(() => faults.RespondWithStatus(503, headers: new Dictionary<string, string> { [" "] = "x" }));
    }

    [Fact]
    public async Task Faults_DropConnection_AbortsWithoutResponse()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);
        server.Faults.DropConnection();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("account/balance", TestContext.Current.CancellationToken));
        using var next = await http.GetAsync("account/balance", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Null(server.Requests[0].StatusCode);
    }

    [Fact]
    public async Task Faults_Delay_HoldsTheResponseUntilTheServerClockAdvances()
    {
        var clock = new ObservableTimeProvider();
        await using var server = await TelephonyFakeServer.StartAsync(o => o.TimeProvider = clock, TestContext.Current.CancellationToken);
        using var http = FakeServerRateLimitTests.PlainClient(server, TelephonyFakeServer.SecretTestKey);
        server.Faults.Delay(TimeSpan.FromSeconds(30));

        var pending = http.GetAsync("account/balance", TestContext.Current.CancellationToken);
        await clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(pending.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await pending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
