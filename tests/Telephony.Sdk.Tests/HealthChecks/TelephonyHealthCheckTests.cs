using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.HealthChecks;

/// <summary>AddTelephonyHealthCheck against the fake server, with time on a FakeTimeProvider.</summary>
public sealed class TelephonyHealthCheckTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private TelephonyFakeServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Check_AnsweringApi_IsHealthyAndCallsTheApiOncePerInterval()
    {
        await using var services = Services(TelephonyFakeServer.SecretTestKey);

        var first = await CheckAsync(services);
        var again = await CheckAsync(services);
        _time.Advance(TimeSpan.FromSeconds(29));
        var beforeInterval = await CheckAsync(services);
        var requestsWithinInterval = _server.Requests.Count;
        _time.Advance(TimeSpan.FromSeconds(1));
        var afterInterval = await CheckAsync(services);

        Assert.Equal(HealthStatus.Healthy, first.Status);
        Assert.Equal([HealthStatus.Healthy, HealthStatus.Healthy, HealthStatus.Healthy], new[] { again.Status, beforeInterval.Status, afterInterval.Status });
        Assert.Equal(1, requestsWithinInterval);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal("Secret", first.Data["kind"]);
        Assert.Equal("Test", first.Data["environment"]);
        Assert.Equal("200", first.Data["lastStatus"]);
        Assert.Equal(_time.GetUtcNow(), afterInterval.Data["checkedAt"]);
    }

    [Fact]
    public async Task Check_IntervalConfigured_IsHonoured()
    {
        await using var services = Services(TelephonyFakeServer.SecretTestKey, o => o.Interval = TimeSpan.FromMinutes(5));

        await CheckAsync(services);
        _time.Advance(TimeSpan.FromMinutes(4));
        await CheckAsync(services);
        var withinInterval = _server.Requests.Count;
        _time.Advance(TimeSpan.FromMinutes(1));
        await CheckAsync(services);

        Assert.Equal(1, withinInterval);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Check_KeyRefused_IsUnhealthyWithTheStatusAndNoKey(int status)
    {
        var key = FakeKeys.NewSecretKey();
        await using var services = Services(key);
        _server.SetBalance(key, 1m);
        _server.Faults.RespondWithStatus(status);

        var entry = await CheckAsync(services);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal($"{status}", entry.Data["lastStatus"]);
        Assert.StartsWith($"{status} ", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', entry.Description!);
        Assert.Null(entry.Exception); // an expected failure: one line, no stack trace to log
        AssertNoKey(entry, key);
    }

    [Fact]
    public async Task Check_UnknownKey_IsUnhealthyWithoutTheKeyInItsReport()
    {
        var key = FakeKeys.NewSecretKey();
        await using var services = Services(key);

        var entry = await CheckAsync(services);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("401", entry.Data["lastStatus"]);
        AssertNoKey(entry, key);
    }

    [Fact]
    public async Task Check_RateLimited_IsDegradedAndDoesNotCallAgainWhileThePauseLasts()
    {
        await using var services = Services(TelephonyFakeServer.SecretTestKey);
        // Beyond the SDK's MaxRetryDelay (1 min): the call fails at once and the key stays paused for 5 minutes.
        _server.Faults.RespondWithStatus(429, retryAfter: TimeSpan.FromMinutes(5));

        var limited = await CheckAsync(services);
        _time.Advance(TimeSpan.FromSeconds(31));
        var paused = await CheckAsync(services);

        Assert.Equal(HealthStatus.Degraded, limited.Status);
        Assert.Equal("429", limited.Data["lastStatus"]);
        Assert.Equal(HealthStatus.Degraded, paused.Status);
        Assert.Equal("rate limited", paused.Data["lastStatus"]);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Check_NothingListening_IsUnhealthy()
    {
        await using var services = Services(TelephonyFakeServer.SecretTestKey, baseAddress: ClosedPort.ApiBaseAddress());

        var entry = await CheckAsync(services);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("connection failure", entry.Data["lastStatus"]);
        Assert.StartsWith("Could not reach http://127.0.0.1:", entry.Description, StringComparison.Ordinal);
        Assert.Null(entry.Exception);
    }

    [Fact]
    public async Task Check_HandlerOfTheAppThrows_IsUnhealthyAndKeepsTheException()
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time);
        services.AddTelephonyClient(o =>
        {
            o.ApiKey = TelephonyFakeServer.SecretTestKey;
            o.BaseAddress = _server.BaseAddress;
        }).AddHttpMessageHandler(() => new ThrowingHandler());
        services.AddHealthChecks().AddTelephonyHealthCheck();
        await using var provider = services.BuildServiceProvider();

        var entry = await CheckAsync(provider);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("failed", entry.Data["lastStatus"]);
        var exception = Assert.IsType<TelephonyException>(entry.Exception);
        Assert.IsType<InvalidOperationException>(exception.InnerException);
    }

    [Fact]
    public async Task Check_NoAnswerWithinTheTimeout_IsUnhealthy()
    {
        await using var services = Services(TelephonyFakeServer.SecretTestKey, o => o.Timeout = TimeSpan.FromSeconds(2));
        _server.Faults.Delay(TimeSpan.FromSeconds(3));

        // Called directly: the check has started its timeout by the time it returns the task, so advancing the clock fires it.
        var check = services.GetRequiredKeyedService<Telephony.Sdk.HealthChecks.TelephonyHealthCheck>("telephony");
        var registration = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations.Single();
        var probe = check.CheckHealthAsync(new HealthCheckContext { Registration = registration }, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(2));
        var result = await probe;

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("timeout", result.Data["lastStatus"]);
    }

    [Fact]
    public async Task Check_NamedClient_UsesThatClientsKeyUnderItsOwnName()
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time);
        services.AddTelephonyClient("marketing", o =>
        {
            o.ApiKey = TelephonyFakeServer.SecretLiveKey;
            o.BaseAddress = _server.BaseAddress;
        });
        services.AddHealthChecks().AddTelephonyHealthCheck("marketing", o => o.Tags.Add("ready"));
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"), TestContext.Current.CancellationToken);

        var (name, entry) = Assert.Single(report.Entries);
        Assert.Equal("telephony-marketing", name);
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("Live", entry.Data["environment"]);
    }

    [Fact]
    public void AddTelephonyHealthCheck_IntervalOutOfRange_SaysWhichSettingAndItsRange()
    {
        var builder = new ServiceCollection().AddHealthChecks();

        var error = Assert.Throws<ArgumentException>(() => builder.AddTelephonyHealthCheck(o => o.Interval = TimeSpan.Zero));

        Assert.Contains("TelephonyHealthCheckOptions.Interval is 00:00:00; it must be from 00:00:01 to 1.00:00:00.", error.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Services(string key, Action<TelephonyHealthCheckOptions>? configure = null, Uri? baseAddress = null)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time);
        services.AddTelephonyClient(o =>
        {
            o.ApiKey = key;
            o.BaseAddress = baseAddress ?? _server.BaseAddress;
            o.Resilience.MaxRetryAttempts = 0; // a retry's backoff would wait on the fake clock
        });
        services.AddHealthChecks().AddTelephonyHealthCheck(configure);
        return services.BuildServiceProvider();
    }

    private sealed class ThrowingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a bug in the app's handler");
    }

    private static async Task<HealthReportEntry> CheckAsync(ServiceProvider services)
    {
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        return report.Entries["telephony"];
    }

    private static void AssertNoKey(HealthReportEntry entry, string key)
    {
        var secrets = FakeKeys.Secrets(key);
        var texts = entry.Data.Values.Select(v => v.ToString() ?? string.Empty).Append(entry.Description ?? string.Empty);
        foreach (var secret in secrets)
        {
            Assert.All(texts, text => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        }

        if (entry.Exception is not null)
        {
            SecretScanner.AssertNone(SecretScanner.FindInException(entry.Exception, secrets));
        }
    }
}
