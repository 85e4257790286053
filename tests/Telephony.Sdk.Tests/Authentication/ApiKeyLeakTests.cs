using Microsoft.Extensions.Logging.Testing;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// The key is never printed: not in any log record at Trace level (formatted message or structured state), nor in
/// any thrown exception's message, <c>ToString()</c>, <c>Data</c> or public properties (inner exceptions included),
/// whatever the outcome of a call. The three places are separate tests so that a failure says where the key leaked.
/// </summary>
public sealed class ApiKeyLeakTests
{
    [Fact]
    public async Task GetBalanceAsync_EveryOutcome_KeyAbsentFromThrownExceptions()
    {
        var key = FakeKeys.NewSecretKey();

        var (_, exceptions) = await LeakScenarios.RunAsync(key);

        Assert.All(exceptions, exception => SecretScanner.AssertNone(SecretScanner.FindInException(exception, key, FakeKeys.SecretPart(key))));
    }

    [Fact]
    public async Task GetBalanceAsync_EveryOutcomeLoggedAtTrace_KeyAbsentFromFormattedLogMessages()
    {
        var key = FakeKeys.NewSecretKey();

        var (records, _) = await LeakScenarios.RunAsync(key);

        Assert.DoesNotContain(records, record => record.Message.Contains(FakeKeys.SecretPart(key), StringComparison.Ordinal));
        Assert.DoesNotContain(records, record => record.Exception?.ToString().Contains(FakeKeys.SecretPart(key), StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task GetBalanceAsync_EveryOutcomeLoggedAtTrace_KeyAbsentFromEveryPartOfEveryLogRecord()
    {
        // Structured logging providers (OpenTelemetry, Serilog, …) export a record's state, not only its message.
        var key = FakeKeys.NewSecretKey();

        var (records, _) = await LeakScenarios.RunAsync(key);

        SecretScanner.AssertNone(SecretScanner.FindInLogs(records, key, FakeKeys.SecretPart(key)));
    }

    [Fact]
    public void FindInException_KeyHiddenInRequestHeldByInnerException_FindsIt()
    {
        // Guards the scanner itself: a key two levels down, in a request held by an inner exception, is found.
        var key = FakeKeys.NewSecretKey();
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://www.telephony.io/api/account/balance");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var exception = new TelephonyException("outer", new HoldsRequestException(request));

        Assert.NotEmpty(SecretScanner.FindInException(exception, FakeKeys.SecretPart(key)));
    }

    [Fact]
    public void FindInLogs_KeyOnlyInStructuredState_FindsIt()
    {
        // Guards the scanner itself: a record whose message is clean but whose state holds the key is reported.
        var key = FakeKeys.NewSecretKey();
        var collector = new FakeLogCollector();
        var logger = new FakeLogger(collector);
        IReadOnlyList<KeyValuePair<string, object?>> state = [new("Authorization", new[] { "Bearer " + key })];
        logger.Log(Microsoft.Extensions.Logging.LogLevel.Trace, default, state, null, (_, _) => "Authorization: *");

        Assert.NotEmpty(SecretScanner.FindInLogs(collector.GetSnapshot(), FakeKeys.SecretPart(key)));
    }

    private sealed class HoldsRequestException(HttpRequestMessage request) : Exception("inner")
    {
        public HttpRequestMessage Request { get; } = request;
    }
}
