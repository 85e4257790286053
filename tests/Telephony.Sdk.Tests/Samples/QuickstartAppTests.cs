using System.Globalization;
using Telephony.Samples.Quickstart;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Samples;

/// <summary>The quickstart's code path, run in-process with a fake environment and captured output.</summary>
public sealed class QuickstartAppTests
{
    [Fact]
    public async Task RunAsync_NoEnvironment_UsesFakeServerPrintsBalanceAndExitsZero()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        // The sample formats the balance with the current culture ("1234,56" under de-DE): pin it so the
        // expectation holds on any machine. The culture change stays within this test's async flow.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var exitCode = await QuickstartApp.RunAsync(_ => null, output, error);

        Assert.Equal(0, exitCode);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, line => line.Contains("fake Telephony.io", StringComparison.Ordinal) && line.Contains("http://127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains("Balance: 1234.56", lines);
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public async Task RunAsync_WrongKeyAgainstFakeServer_PrintsServerMessageWithoutStackTraceAndExitsOne()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var environment = new Dictionary<string, string>
        {
            ["TELEPHONY_API_KEY"] = "sk_test_wrong",
            [QuickstartApp.BaseUrlVariable] = server.BaseAddress.ToString(),
        };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await QuickstartApp.RunAsync(name => environment.GetValueOrDefault(name), output, error);

        Assert.Equal(1, exitCode);
        Assert.Contains("Invalid or missing API key", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test_wrong", error.ToString() + output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Balance:", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KeyAndRelativeBaseUrl_PrintsConfigurationErrorAndExitsTwo()
    {
        var environment = new Dictionary<string, string>
        {
            ["TELEPHONY_API_KEY"] = FakeKeys.NewSecretKey(),
            [QuickstartApp.BaseUrlVariable] = "not a url",
        };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await QuickstartApp.RunAsync(name => environment.GetValueOrDefault(name), output, error);

        Assert.Equal(2, exitCode);
        Assert.Contains(QuickstartApp.BaseUrlVariable, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KeyAndPlainHttpToRemoteHost_PrintsConfigurationErrorWithoutKeyAndExitsTwo()
    {
        var key = FakeKeys.NewSecretKey();
        var environment = new Dictionary<string, string>
        {
            ["TELEPHONY_API_KEY"] = key,
            [QuickstartApp.BaseUrlVariable] = "http://example.com/api/",
        };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await QuickstartApp.RunAsync(name => environment.GetValueOrDefault(name), output, error);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("Configuration error: TelephonyClientOptions.BaseAddress", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.ToString() + output.ToString(), StringComparison.Ordinal);
    }
}
