using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Diagnostics;

/// <summary>
/// The SDK's own log events (categories <c>Telephony.Sdk.Http</c> and <c>Telephony.Sdk.Authentication</c>): the client
/// they concern, no stack trace for an expected transport failure unless Debug is on, and a warning for a rejected key.
/// </summary>
public sealed class SdkLogTests
{
    private const string ClientName = "marketing";

    [Fact]
    public async Task GetBalanceAsync_RefusedConnectionWithRetries_WarnsOncePerAttemptWithoutStackTrace()
    {
        await using var provider = Build(LogLevel.Information, ClosedPort.ApiBaseAddress(), FakeKeys.NewSecretKey(), maxRetryAttempts: 3);

        await Assert.ThrowsAsync<TelephonyConnectionException>(() => Client(provider).Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        var failures = SdkRecords(provider).Where(r => r.Id.Id == 1003).ToList();
        Assert.Equal(4, failures.Count);
        Assert.All(failures, r => Assert.Null(r.Exception));
        Assert.All(failures, r => Assert.Contains("HttpRequestException", r.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(SdkRecords(provider), r => r.Level >= LogLevel.Warning && r.Exception is not null);
    }

    [Fact]
    public async Task GetBalanceAsync_RefusedConnectionWithDebugOn_KeepsTheException()
    {
        await using var provider = Build(LogLevel.Debug, ClosedPort.ApiBaseAddress(), FakeKeys.NewSecretKey(), maxRetryAttempts: 0);

        await Assert.ThrowsAsync<TelephonyConnectionException>(() => Client(provider).Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.IsType<HttpRequestException>(Assert.Single(SdkRecords(provider), r => r.Id.Id == 1003).Exception, exactMatch: false);
    }

    [Fact]
    public async Task GetBalanceAsync_KeyRejected_WarnsNamingTheClientAndTheRedactedKey()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var key = FakeKeys.NewSecretKey();
        await using var provider = Build(LogLevel.Warning, server.BaseAddress, key, maxRetryAttempts: 0);

        await Assert.ThrowsAsync<TelephonyAuthenticationException>(() => Client(provider).Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        var warning = Assert.Single(SdkRecords(provider), r => r.Level == LogLevel.Warning);
        Assert.Contains("401", warning.Message, StringComparison.Ordinal);
        Assert.Contains(ClientName, warning.Message, StringComparison.Ordinal);
        Assert.Contains("sk_test_…" + key[^4..], warning.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInLogs(provider.GetFakeLogCollector().GetSnapshot(), FakeKeys.Secrets(key)));
    }

    [Fact]
    public async Task GetBalanceAsync_EverySdkEvent_NamesTheClient()
    {
        // An unknown-shape primary key the server rejects and a secondary key it accepts: events 1001–1004 and 3001–3003.
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var provider = Build(LogLevel.Trace, server.BaseAddress, FakeKeys.New("rk_live_"), maxRetryAttempts: 0, options =>
            options.SecondaryApiKey = TelephonyFakeServer.SecretTestKey);

        await Client(provider).Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        var records = SdkRecords(provider);
        Assert.Contains(records, r => r.Id.Id == 3001);
        Assert.Contains(records, r => r.Id.Id == 3003);
        Assert.Contains(records, r => r.Id.Id == 1002);
        Assert.All(records, r => Assert.Equal(ClientName, r.GetStructuredStateValue("ClientName")));
        Assert.All(records, r => Assert.Contains(ClientName, r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetBalanceAsync_RetriedOnceWithTraceOn_TheRetryIsLoggedOnce()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Faults.RespondWithStatus(503);
        await using var provider = Build(LogLevel.Trace, server.BaseAddress, TelephonyFakeServer.SecretTestKey, maxRetryAttempts: 1);

        await Client(provider).Account.GetBalanceAsync(TestContext.Current.CancellationToken);

        var records = provider.GetFakeLogCollector().GetSnapshot();
        Assert.Single(records, r => r.Id.Id == 2001);
        // Polly reports the retry at LogLevel.None, which no logging provider writes (the fake collector keeps everything).
        Assert.DoesNotContain(records, r => r.Level != LogLevel.None && r.Message.Contains("OnRetry", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Category?.StartsWith("Polly", StringComparison.Ordinal) == true);
    }

    private static ServiceProvider Build(LogLevel minimum, Uri baseAddress, string apiKey, int maxRetryAttempts, Action<TelephonyClientOptions>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(minimum));
        services.AddFakeLogging();
        services.AddTelephonyClient(ClientName, options =>
        {
            options.ApiKey = apiKey;
            options.BaseAddress = baseAddress;
            options.Resilience.MaxRetryAttempts = maxRetryAttempts;
            options.Resilience.BaseDelay = TimeSpan.Zero;
            more?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }

    private static TelephonyClient Client(IServiceProvider provider) => provider.GetRequiredKeyedService<TelephonyClient>(ClientName);

    private static List<FakeLogRecord> SdkRecords(IServiceProvider provider) =>
        [.. provider.GetFakeLogCollector().GetSnapshot().Where(r => r.Category is "Telephony.Sdk.Http" or "Telephony.Sdk.Authentication")];
}
