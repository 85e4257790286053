using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Timeout;
using Telephony.Sdk.Diagnostics;
using Telephony.Sdk.Resilience;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Retry;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;

namespace Telephony.Sdk.Tests.Retry;

/// <summary>Which outcomes are retried: 429s while the budget lasts, transient failures of idempotent requests a few times.</summary>
public sealed class RetryPolicyTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TelephonyTelemetry _telemetry = new(null, new KeyRateLimitRegistry());
    private readonly List<(ResilienceContext Context, HttpRequestMessage Request)> _calls = [];

    public void Dispose()
    {
        foreach (var (context, request) in _calls)
        {
            ResilienceContextPool.Shared.Return(context);
            request.Dispose();
        }

        _telemetry.Dispose();
    }

    [Fact]
    public void ShouldRetry_Many429sForAGet_KeepsRetryingBeyondMaxRetryAttempts()
    {
        var policy = Policy(maxRetryAttempts: 3);
        var context = Call(HttpMethod.Get);

        var decisions = Enumerable.Range(0, 20).Select(_ => policy.ShouldRetry(Status(429), context)).ToList();

        Assert.All(decisions, Assert.True);
    }

    [Fact]
    public void ShouldRetry_429ForAPostWithoutIdempotencyKey_Retried()
    {
        var policy = Policy();

        var retried = policy.ShouldRetry(Status(429), Call(HttpMethod.Post));

        Assert.True(retried);
    }

    [Theory]
    [InlineData(60, true)]
    [InlineData(61, false)]
    public void ShouldRetry_429RetryAfterAgainstMaxRetryDelay_RetriedOnlyWithinIt(int retryAfterSeconds, bool expected)
    {
        var policy = Policy(maxRetryDelay: TimeSpan.FromSeconds(60));

        var retried = policy.ShouldRetry(Status(429, retryAfterSeconds), Call(HttpMethod.Get));

        Assert.Equal(expected, retried);
    }

    [Fact]
    public void ShouldRetry_429RetryAfterBeyondTheCallsRemainingBudget_NotRetried()
    {
        var policy = Policy(maxRetryDelay: TimeSpan.FromSeconds(60));
        var context = Call(HttpMethod.Get);
        CallBudget.Start(context, _clock);
        // Of the default two minutes, 20 seconds are left.
        _clock.Advance(TimeSpan.FromSeconds(100));

        var withinBudget = policy.ShouldRetry(Status(429, 20), context);
        var beyondBudget = policy.ShouldRetry(Status(429, 21), context);

        Assert.True(withinBudget);
        Assert.False(beyondBudget);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void ShouldRetry_TransientStatusForAGet_RetriedMaxRetryAttemptsTimes(int status)
    {
        var policy = Policy(maxRetryAttempts: 3);
        var context = Call(HttpMethod.Get);

        var decisions = Enumerable.Range(0, 5).Select(_ => policy.ShouldRetry(Status(status), context)).ToList();

        Assert.Equal([true, true, true, false, false], decisions);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(501)]
    public void ShouldRetry_NonTransientStatusForAGet_NotRetried(int status)
    {
        var policy = Policy();

        var retried = policy.ShouldRetry(Status(status), Call(HttpMethod.Get));

        Assert.False(retried);
    }

    [Fact]
    public void ShouldRetry_503ForAPostWithoutIdempotencyKey_NotRetried()
    {
        var policy = Policy();

        var retried = policy.ShouldRetry(Status(503), Call(HttpMethod.Post));

        Assert.False(retried);
    }

    [Fact]
    public void ShouldRetry_503ForAPostWithIdempotencyKey_Retried()
    {
        var policy = Policy();

        var retried = policy.ShouldRetry(Status(503), Call(HttpMethod.Post, idempotencyKey: "order-42"));

        Assert.True(retried);
    }

    [Fact]
    public void ShouldRetry_429sBetweenTransientFailures_DoNotUseUpTheTransientRetries()
    {
        var policy = Policy(maxRetryAttempts: 2);
        var context = Call(HttpMethod.Get);

        var decisions = new[] { 503, 429, 429, 429, 503, 429, 503 }.Select(s => policy.ShouldRetry(Status(s), context)).ToList();

        Assert.Equal([true, true, true, true, true, true, false], decisions);
    }

    [Fact]
    public void ShouldRetry_MaxRetryAttemptsZero_NothingRetried()
    {
        // 0 turns retries off, 429s included (the option's documented meaning); a 429 never counts against a positive value.
        var policy = Policy(maxRetryAttempts: 0);
        var context = Call(HttpMethod.Get);

        var transient = policy.ShouldRetry(Status(503), context);
        var tooMany = policy.ShouldRetry(Status(429), context);

        Assert.False(transient);
        Assert.False(tooMany);
    }

    [Fact]
    public void ShouldRetry_ConnectionFailureOrAttemptTimeoutForAGet_Retried()
    {
        var policy = Policy();

        var connection = policy.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("refused")), Call(HttpMethod.Get));
        var timeout = policy.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException()), Call(HttpMethod.Get));
        var other = policy.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new InvalidOperationException()), Call(HttpMethod.Get));

        Assert.True(connection);
        Assert.True(timeout);
        Assert.False(other);
    }

    [Fact]
    public async Task Pipeline_Ten429sThenSuccess_ElevenAttemptsWithoutAnyDelay()
    {
        var policy = Policy(maxRetryAttempts: 3);
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _clock }.AddRetry(policy.CreateOptions()).Build();
        var attempts = 0;

        using var response = await pipeline.ExecuteAsync(
            _ => ValueTask.FromResult(new HttpResponseMessage(++attempts <= 10 ? HttpStatusCode.TooManyRequests : HttpStatusCode.OK)),
            Call(HttpMethod.Get)).AsTask().Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(11, attempts);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), _clock.GetUtcNow());
    }

    private RetryPolicy Policy(int maxRetryAttempts = 3, TimeSpan? maxRetryDelay = null)
    {
        var options = new TelephonyClientOptions();
        options.Resilience.MaxRetryAttempts = maxRetryAttempts;
        options.Resilience.MaxRetryDelay = maxRetryDelay ?? TimeSpan.FromSeconds(60);
        return new RetryPolicy(new PipelineContext(options, string.Empty, _clock, NullLogger.Instance, _telemetry, NullLogger.Instance, new KeyRateLimitRegistry()));
    }

    private ResilienceContext Call(HttpMethod method, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, new Uri("https://api.telephony.test/api/calls"));
        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotentRequests.IdempotencyKeyHeader, idempotencyKey);
        }

        var context = ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken);
        context.SetRequestMessage(request);
        _calls.Add((context, request));
        return context;
    }

    private static Outcome<HttpResponseMessage> Status(int status, int? retryAfterSeconds = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status);
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return Outcome.FromResult(response);
    }
}
