using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Tests.Samples;

/// <summary>The standalone fake server sample, run as its own process: its command line and its rate-limit settings.</summary>
public sealed partial class FakeServerSampleTests
{
    private const string Sample = "Telephony.Samples.FakeServer";

    [Theory]
    [InlineData("--rate-limit-algorithm fixed", "--rate-limit-algorithm needs one of fixed-window, sliding-window, token-bucket, leaky-bucket.")]
    [InlineData("--burst 0", "--burst needs a whole number of requests, at least 1.")]
    [InlineData("--key-limit sk_test_unknown=5", "--key-limit names a key the server does not accept")]
    [InlineData("--port 5080 --window", "--window needs a value.")]
    [InlineData("--cors-origin 127.0.0.1:5000", "--cors-origin needs an origin such as http://127.0.0.1:5000")]
    public async Task FakeServer_BadArguments_SaysWhatToFixAndExits2(string arguments, string expected)
    {
        var (exitCode, output) = await SampleProcess.RunAsync(Sample, arguments: arguments.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Contains("Usage: Telephony.Samples.FakeServer [--help] [--port <0-65535>]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FakeServer_Help_PrintsUsageAndExits0()
    {
        var (exitCode, output) = await SampleProcess.RunAsync(Sample, arguments: ["--help"]);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("Usage: Telephony.Samples.FakeServer [--help] [--port <0-65535>]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FakeServer_RateLimitArguments_ArePrintedAndServed()
    {
        using var sample = await SampleProcess.StartAsync(
            Sample,
            [
                "--rate-limit-algorithm", "token-bucket", "--secret-limit", "6", "--burst", "2", "--window", "30",
                "--key-limit", $"{TelephonyFakeServer.PublishableTestKey}=1", "--no-retry-after", "--rate-limit-headers", "ietf",
            ],
            readyLine: "Press Ctrl+C to stop.");
        var output = sample.Output.ToString();
        using var http = new HttpClient { BaseAddress = new Uri(ListeningAt().Match(output).Groups["address"].Value) };

        using var secret = await GetBalanceAsync(http, TelephonyFakeServer.SecretTestKey);
        var publishable = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await GetBalanceAsync(http, TelephonyFakeServer.PublishableTestKey);
            publishable.Add(response.StatusCode);
        }

        using var publishableLimited = await GetBalanceAsync(http, TelephonyFakeServer.PublishableTestKey);

        Assert.Contains("Rate limits: token-bucket, requests per 30 s, capacity 2", output, StringComparison.Ordinal);
        Assert.Contains($"  {TelephonyFakeServer.PublishableTestKey}: 1", output, StringComparison.Ordinal);
        Assert.Contains("Retry-After on 429: no, rate-limit headers: ietf", output, StringComparison.Ordinal);
        Assert.Contains("CORS: off", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, secret.StatusCode);
        Assert.Equal(["\"default\";q=2;w=10"], secret.Headers.GetValues("RateLimit-Policy"));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], publishable);
        Assert.Equal(HttpStatusCode.TooManyRequests, publishableLimited.StatusCode);
        Assert.False(publishableLimited.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task FakeServer_CorsOrigins_ArePrintedAndAnswerPreflights()
    {
        using var sample = await SampleProcess.StartAsync(
            Sample, ["--cors-origin", "http://127.0.0.1:5000", "--cors-origin", "http://localhost:5000"], readyLine: "Press Ctrl+C to stop.");
        var output = sample.Output.ToString();
        using var http = new HttpClient { BaseAddress = new Uri(ListeningAt().Match(output).Groups["address"].Value) };
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "account/balance");
        preflight.Headers.Add("Origin", "http://localhost:5000");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");

        using var response = await http.SendAsync(preflight, TestContext.Current.CancellationToken);

        Assert.Contains("CORS: allowed origins http://127.0.0.1:5000, http://localhost:5000", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["http://localhost:5000"], response.Headers.GetValues("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task FakeServer_Sigterm_ExitsWithinASecond()
    {
        using var sample = await SampleProcess.StartAsync(Sample, [], readyLine: "Press Ctrl+C to stop.");

        // SIGTERM, as `kill`, a container runtime or a CI runner sends it (.NET itself can only send SIGKILL).
        using (var kill = Process.Start("kill", ["-TERM", sample.Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var exited = sample.Process.WaitForExit(TimeSpan.FromSeconds(1));

        Assert.True(exited, "the sample was still running a second after SIGTERM");
        Assert.Equal(0, sample.Process.ExitCode);
    }

    private static async Task<HttpResponseMessage> GetBalanceAsync(HttpClient http, string apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "account/balance");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [GeneratedRegex(@"listening at (?<address>\S+)")]
    private static partial Regex ListeningAt();
}
