using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>Request id and Retry-After are taken from the response headers, on both public routes.</summary>
public sealed class ErrorResponseDetailsTests
{
    private const string Envelope = """{"error":{"code":"rate_limited","message":"Too many requests"}}""";

    public static TheoryData<ErrorRoute> Routes => new(ErrorRoutes.All);

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task RequestId_XRequestIdHeader_IsExposedAndQuotedInMessage(ErrorRoute route)
    {
        using var server = ErrorMappingServer.Start();
        server.RespondToBalance(500, """{"error":{"code":"internal","message":"Boom"}}"""u8.ToArray(), "application/json", ("X-Request-Id", "req_7f3a9c"));
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<TelephonyServerException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        Assert.Equal("req_7f3a9c", exception.RequestId);
        Assert.EndsWith("[request id: req_7f3a9c]", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task RetryAfter_DeltaSeconds_IsExposedAndQuotedInMessage(ErrorRoute route)
    {
        using var server = ErrorMappingServer.Start();
        server.RespondToBalance(429, System.Text.Encoding.UTF8.GetBytes(Envelope), "application/json", ("Retry-After", "30"));
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<TelephonyRateLimitException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(30), exception.RetryAfter);
        Assert.Contains("Retry after 30 s", exception.Message, StringComparison.Ordinal);
        Assert.Equal("rate_limited", exception.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task RetryAfter_HttpDateOnSystemClock_IsTheRemainingWait(ErrorRoute route)
    {
        // The constructor without DI reads the system clock, so the wait can only be checked within a window.
        var retryAt = DateTimeOffset.UtcNow.AddSeconds(120);
        using var server = ErrorMappingServer.Start();
        server.RespondToBalance(503, System.Text.Encoding.UTF8.GetBytes(Envelope), "application/json", ("Retry-After", retryAt.ToString("R", CultureInfo.InvariantCulture)));
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<TelephonyServerException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        Assert.NotNull(exception.RetryAfter);
        Assert.InRange(exception.RetryAfter.Value, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(120));
    }

    [Theory]
    [InlineData(ErrorRoute.GetBalance, 90, 90)]
    [InlineData(ErrorRoute.SendAsync, 90, 90)]
    [InlineData(ErrorRoute.GetBalance, -60, 0)]
    [InlineData(ErrorRoute.SendAsync, -60, 0)]
    public async Task RetryAfter_HttpDateWithInjectedTimeProvider_IsExactlyTheRemainingWait(ErrorRoute route, int secondsFromNow, int expectedSeconds)
    {
        var now = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        using var server = ErrorMappingServer.Start();
        server.RespondToBalance(429, System.Text.Encoding.UTF8.GetBytes(Envelope), "application/json",
            ("Retry-After", now.AddSeconds(secondsFromNow).ToString("R", CultureInfo.InvariantCulture)));

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(now));
        services.AddTelephonyClient(options =>
        {
            options.ApiKey = server.ApiKey;
            options.BaseAddress = server.BaseAddress;
            options.Resilience.MaxRetryAttempts = 0;
        });
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<TelephonyClient>();

        var exception = await Assert.ThrowsAsync<TelephonyRateLimitException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), exception.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, exception.StatusCode);
        SecretAssert.DoesNotLeak(exception, server.ApiKey);
    }
}
