using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Telephony.Cli.FakeServer;
using Telephony.Cli.Tests.Support;
using Telephony.Sdk.Testing;

namespace Telephony.Cli.Tests.Commands;

/// <summary><c>telephony fake-server</c> as a process: it serves the printed keys and stops within a second of SIGTERM.</summary>
public sealed partial class FakeServerCommandTests
{
    [Fact]
    public async Task FakeServer_ServesThePrintedKeysAndStopsWithinASecondOfSigterm()
    {
        using var process = Process.Start(CliProcess.StartInfo(["fake-server", "--port", "0", "--secret-limit", "5"], null, null))!;
        try
        {
            var banner = await ReadUntilReadyAsync(process);
            var address = ListeningAt().Match(banner).Groups["address"].Value;
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "account/balance");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TelephonyFakeServer.SecretTestKey);
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

            var stopwatch = Stopwatch.StartNew();
            Signal.Terminate(process.Id);
            var exited = process.WaitForExit(TimeSpan.FromSeconds(1));
            stopwatch.Stop();

            Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
            Assert.Contains($"secret, test:      {TelephonyFakeServer.SecretTestKey}", banner, StringComparison.Ordinal);
            Assert.Contains("publishable keys: 100, secret keys: 5", banner, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(exited, $"still running {stopwatch.ElapsedMilliseconds} ms after SIGTERM");
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task FakeServer_PolicyOnlyHeaders_PrintedAndServedWithoutACount()
    {
        using var process = Process.Start(CliProcess.StartInfo(
            ["fake-server", "--port", "0", "--secret-limit", "2400", "--rate-limit-headers", "policy-only"], null, null))!;
        try
        {
            var banner = await ReadUntilReadyAsync(process);
            using var http = new HttpClient { BaseAddress = new Uri(ListeningAt().Match(banner).Groups["address"].Value) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "account/balance");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TelephonyFakeServer.SecretTestKey);
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

            Assert.Contains("rate-limit headers: policy-only", banner, StringComparison.Ordinal);
            Assert.Equal(["\"default\";q=2400;w=60"], response.Headers.GetValues("RateLimit-Policy"));
            Assert.False(response.Headers.Contains("RateLimit"));
            Assert.False(response.Headers.Contains("X-RateLimit-Remaining"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task FakeServer_UnknownHeaderDialect_ListsPolicyOnlyAndExits2()
    {
        var (exitCode, _, error) = await CliProcess.RunAsync(["fake-server", "--rate-limit-headers", "policy"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--rate-limit-headers needs one of none, x-ratelimit, ietf, policy-only.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FakeServer_KeyAdded_IsServedUnderItsKeyLimitAndShownRedacted()
    {
        const string Added = "pk_test_mobileapp000000000042";

        // --key-limit before the --key it names: the limits are checked once every key is known.
        using var process = Process.Start(CliProcess.StartInfo(["fake-server", "--key-limit", $"{Added}=1", "--key", Added], null, null))!;
        try
        {
            var banner = await ReadUntilReadyAsync(process);
            using var http = new HttpClient { BaseAddress = new Uri(ListeningAt().Match(banner).Groups["address"].Value) };
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 2; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "account/balance");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Added);
                using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
                statuses.Add(response.StatusCode);
            }

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
            Assert.Contains("added:             pk_test_…0042", banner, StringComparison.Ordinal);
            Assert.Contains("pk_test_…0042: 1", banner, StringComparison.Ordinal);
            Assert.DoesNotContain(Added, banner, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Theory]
    [InlineData("--key", "sk_live_madeup00000000000000001", "Do not give an API key as a command-line argument")]
    [InlineData("--key", "not-a-key", "--key needs a key such as pk_test_mobile0001")]
    [InlineData("--key-limit", "sk_test_notadded0000000000001=5", "--key-limit names a key the server does not accept (sk_test_…0001)")]
    public async Task FakeServer_BadKey_SaysWhatToFixAndExits2(string option, string value, string expected)
    {
        var (exitCode, output, error) = await CliProcess.RunAsync(["fake-server", option, value]);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(value, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FakeServer_Help_ListsEveryOptionTheParserTakes()
    {
        var (exitCode, output, _) = await CliProcess.RunAsync(["fake-server", "--help"]);

        Assert.Equal(0, exitCode);
        var options = OptionName().Matches(FakeServerArguments.Syntax).Select(m => m.Value).ToList();
        Assert.Contains("--cors-origin", options);
        Assert.All(options, option => Assert.Contains(option + " ", output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FakeServer_BadArgument_SaysWhatToFixAndExits2()
    {
        var (exitCode, _, error) = await CliProcess.RunAsync(["fake-server", "--burst", "0"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--burst needs a whole number of requests, at least 1.", error, StringComparison.Ordinal);
    }

    private static async Task<string> ReadUntilReadyAsync(Process process)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromMinutes(1));
        var banner = new System.Text.StringBuilder();
        while (await process.StandardOutput.ReadLineAsync(bound.Token) is { } line)
        {
            banner.AppendLine(line);
            if (line == FakeServerHost.ReadyLine)
            {
                return banner.ToString();
            }
        }

        throw new InvalidOperationException($"fake-server exited before it was ready:\n{banner}\n{await process.StandardError.ReadToEndAsync(bound.Token)}");
    }

    [GeneratedRegex("--[a-z-]+")]
    private static partial Regex OptionName();

    [GeneratedRegex(@"listening at (?<address>\S+)")]
    private static partial Regex ListeningAt();
}
