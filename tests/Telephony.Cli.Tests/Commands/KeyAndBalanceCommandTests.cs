using System.Net.Sockets;
using System.Net;
using Telephony.Cli.Tests.Support;
using Telephony.Sdk.Testing;

namespace Telephony.Cli.Tests.Commands;

/// <summary><c>telephony key inspect</c> and <c>telephony balance</c>, run as processes against the fake server.</summary>
public sealed class KeyAndBalanceCommandTests
{
    [Fact]
    public async Task KeyInspect_KeyFromEnvironment_PrintsKindEnvironmentAndRedactedForm()
    {
        var key = TestKeys.Secret();

        var (exitCode, output, error) = await CliProcess.RunAsync(["key", "inspect"], environment: Env(key));

        Assert.Equal(0, exitCode);
        Assert.Contains($"Key:         sk_live_…{key[^4..]} (from TELEPHONY_API_KEY)", output, StringComparison.Ordinal);
        Assert.Contains("Kind:        secret", output, StringComparison.Ordinal);
        Assert.Contains("Environment: live", output, StringComparison.Ordinal);
        AssertNoKey(key, output, error);
    }

    [Fact]
    public async Task KeyInspect_KeyOnStandardInput_IsRead()
    {
        var key = TestKeys.Publishable("test");

        var (exitCode, output, error) = await CliProcess.RunAsync(["key", "inspect", "--stdin"], input: key + "\n");

        Assert.Equal(0, exitCode);
        Assert.Contains("(from standard input)", output, StringComparison.Ordinal);
        Assert.Contains("Kind:        publishable", output, StringComparison.Ordinal);
        Assert.Contains("Environment: test", output, StringComparison.Ordinal);
        AssertNoKey(key, output, error);
    }

    [Theory]
    [InlineData("key", "inspect")]
    [InlineData("balance")]
    [InlineData("scan", "--ignore-file")]
    public async Task AnyCommand_KeyAsArgument_IsRefusedWithTheReasonAndNotEchoed(params string[] command)
    {
        var key = TestKeys.Secret();

        var (exitCode, output, error) = await CliProcess.RunAsync([.. command, key]);

        Assert.Equal(2, exitCode);
        Assert.Contains("Do not give an API key as a command-line argument: it stays in your shell history", error, StringComparison.Ordinal);
        AssertNoKey(key, output, error);
    }

    [Fact]
    public async Task KeyInspect_MalformedKey_ExitsWithUsageAndTheSdksMessage()
    {
        var key = "Bearer " + TestKeys.Secret();

        var (exitCode, output, error) = await CliProcess.RunAsync(["key", "inspect"], environment: Env(key));

        Assert.Equal(2, exitCode);
        Assert.Contains("starts with \"Bearer \"", error, StringComparison.Ordinal);
        AssertNoKey(key, output, error);
    }

    [Fact]
    public async Task KeyInspect_NoKey_SaysWhereToPutIt()
    {
        var (exitCode, _, error) = await CliProcess.RunAsync(["key", "inspect"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("No API key: set TELEPHONY_API_KEY or pipe the key on standard input", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyInspectCheck_AcceptedKey_PrintsAcceptedAndRateLimit()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var (exitCode, output, error) = await CliProcess.RunAsync(
            ["key", "inspect", "--check", "--base-url", server.BaseAddress.ToString()], environment: Env(TelephonyFakeServer.SecretTestKey));

        Assert.Equal(0, exitCode);
        Assert.Contains("Accepted:    yes", output, StringComparison.Ordinal);
        Assert.Contains("Rate limit:  1000 requests per 60 s (the documented default)", output, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        AssertNoKey(TelephonyFakeServer.SecretTestKey, output, error);
    }

    [Fact]
    public async Task KeyInspectCheck_UnknownKey_PrintsNotAcceptedAndExits3()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var key = TestKeys.Secret("test");

        var (exitCode, output, error) = await CliProcess.RunAsync(
            ["key", "inspect", "--check"], environment: Env(key, server.BaseAddress));

        Assert.Equal(3, exitCode);
        Assert.Contains("Accepted:    no", output, StringComparison.Ordinal);
        Assert.Contains("The key was rejected: ", error, StringComparison.Ordinal);
        AssertNoKey(key, output, error);
    }

    [Fact]
    public async Task KeyInspectCheck_UnknownKeyOnStandardInput_SaysTheKeyCameFromStandardInput()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var key = TestKeys.Secret("test");

        var (exitCode, output, error) = await CliProcess.RunAsync(
            ["key", "inspect", "--check", "--stdin"], environment: new Dictionary<string, string?> { ["TELEPHONY_BASE_URL"] = server.BaseAddress.ToString() }, input: key + "\n");

        Assert.Equal(3, exitCode);
        Assert.StartsWith("The key was rejected: 401 Unauthorized: Invalid or missing API key (code: unauthorized). ", error, StringComparison.Ordinal);
        Assert.Contains($"The key sk_test_…{key[^4..]} came from standard input: check it against your dashboard [request id: req_", error, StringComparison.Ordinal);
        Assert.DoesNotContain("TelephonyClientOptions", error, StringComparison.Ordinal);
        Assert.DoesNotContain("TELEPHONY_API_KEY", error, StringComparison.Ordinal);
        AssertNoKey(key, output, error);
    }

    [Fact]
    public async Task Balance_UnknownKeyFromTheEnvironment_SaysTheKeyCameFromTheVariable()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var key = TestKeys.Secret("test");

        var (exitCode, output, error) = await CliProcess.RunAsync(["balance"], environment: Env(key, server.BaseAddress));

        Assert.Equal(3, exitCode);
        Assert.Contains($"The key sk_test_…{key[^4..]} came from TELEPHONY_API_KEY: check it against your dashboard", error, StringComparison.Ordinal);
        Assert.DoesNotContain("TelephonyClientOptions", error, StringComparison.Ordinal);
        AssertNoKey(key, output, error);
    }

    [Fact]
    public async Task Balance_AcceptedKey_PrintsTheBalance()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var (exitCode, output, error) = await CliProcess.RunAsync(["balance"], environment: Env(TelephonyFakeServer.SecretTestKey, server.BaseAddress));

        Assert.Equal(0, exitCode);
        Assert.Equal("Balance: 1234.56", output.Trim());
        AssertNoKey(TelephonyFakeServer.SecretTestKey, output, error);
    }

    [Theory]
    [InlineData(401, 3, "The key was rejected: ")]
    [InlineData(403, 3, "The key was rejected: ")]
    [InlineData(429, 4, "Rate limited: ")]
    [InlineData(404, 6, "The call failed: ")]
    public async Task Balance_ApiError_ExitsWithItsCodeAndTheSdksMessage(int status, int expectedExitCode, string expectedText)
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        // A Retry-After beyond the SDK's MaxRetryDelay fails at once instead of waiting.
        server.Faults.RespondWithStatus(status, times: 5, retryAfter: status == 429 ? TimeSpan.FromMinutes(5) : null);

        var (exitCode, output, error) = await CliProcess.RunAsync(["balance"], environment: Env(TelephonyFakeServer.SecretTestKey, server.BaseAddress));

        Assert.Equal(expectedExitCode, exitCode);
        Assert.StartsWith(expectedText, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace
        AssertNoKey(TelephonyFakeServer.SecretTestKey, output, error);
    }

    [Fact]
    public async Task Balance_NothingListening_ExitsWithConnectionFailure()
    {
        var (exitCode, output, error) = await CliProcess.RunAsync(
            ["balance", "--base-url", $"http://127.0.0.1:{ClosedPort()}/api/", "--timeout", "00:00:05"], environment: Env(TelephonyFakeServer.SecretTestKey));

        Assert.Equal(5, exitCode);
        Assert.StartsWith("Could not reach Telephony.io: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        AssertNoKey(TelephonyFakeServer.SecretTestKey, output, error);
    }

    [Fact]
    public async Task Balance_ClearTextToARemoteHost_IsRefusedAsBadSettings()
    {
        var (exitCode, _, error) = await CliProcess.RunAsync(["balance", "--base-url", "http://example.com/api/"], environment: Env(TelephonyFakeServer.SecretTestKey));

        Assert.Equal(2, exitCode);
        Assert.Contains("BaseAddress", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("key", "inspect", "--help")]
    [InlineData("balance", "--help")]
    [InlineData("scan", "--help")]
    [InlineData("fake-server", "--help")]
    public async Task Help_EveryCommand_PrintsUsageAndExitCodes(params string[] arguments)
    {
        var (exitCode, output, _) = await CliProcess.RunAsync(arguments);

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_ExitsWithUsageCode()
    {
        var (exitCode, _, error) = await CliProcess.RunAsync(["balance", "--no-such-option"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--no-such-option", error, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Env(string key, Uri? baseAddress = null) => new()
    {
        ["TELEPHONY_API_KEY"] = key,
        ["TELEPHONY_BASE_URL"] = baseAddress?.ToString(),
    };

    private static void AssertNoKey(string key, string output, string error)
    {
        var hidden = key.Length > 12 ? key[8..^4] : key;
        Assert.DoesNotContain(hidden, output, StringComparison.Ordinal);
        Assert.DoesNotContain(hidden, error, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
