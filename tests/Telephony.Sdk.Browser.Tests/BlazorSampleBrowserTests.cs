using Microsoft.Playwright;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Browser.Tests;

/// <summary>
/// samples/Telephony.Samples.Blazor, published and run in headless Chromium against the fake Telephony.io with CORS: the
/// SDK's default registration on browser-wasm, Retry-After read through CORS, a secret key refused in the browser, and
/// no key in the browser's console.
/// </summary>
[Trait("Category", "Browser")]
public sealed class BlazorSampleBrowserTests(BlazorSampleApp app) : IClassFixture<BlazorSampleApp>
{
    private const string BalancePath = "/api/account/balance";
    private const string FirstCallDone = "#balance-call[data-calls='1']";

    private static readonly string[] WholeKeys =
    [
        TelephonyFakeServer.PublishableTestKey, TelephonyFakeServer.SecretTestKey,
        TelephonyFakeServer.PublishableLiveKey, TelephonyFakeServer.SecretLiveKey,
    ];

    [Fact]
    public async Task Home_DefaultRegistrationFromAppSettings_ShowsTheBalance()
    {
        await using var page = await app.OpenAsync("/");

        await page.Page.Locator(FirstCallDone).WaitForAsync();

        Assert.Equal("Balance: 1234.56", await page.Page.Locator("#balance").TextContentAsync());
        var call = Assert.Single(app.Server.Requests, r => r.Path == BalancePath && r.Timestamp >= StartOf(page));
        Assert.Equal(("GET", "pk_test_…0001", 200), (call.Method, call.RedactedKey, call.StatusCode));
        // Nothing the SDK's registration did on browser-wasm threw: an unhandled exception reaches the console as an error.
        Assert.True(!page.Console.Any(m => m.Type is "error" or "pageerror"), page.ConsoleText);
        AssertNoWholeKey(page);
    }

    [Fact]
    public async Task Home_429WithRetryAfter_WaitsAsLongAsTheHeaderSays()
    {
        var retryAfter = TimeSpan.FromSeconds(3);
        await using var page = await app.OpenAsync("/");
        await page.Page.Locator(FirstCallDone).WaitForAsync();
        app.Server.ClearRequests();
        app.Server.Faults.RespondWithStatus(429, times: 1, retryAfter: retryAfter);

        await page.Page.Locator("#refresh").ClickAsync();
        await page.Page.Locator("#balance-call[data-calls='2']").WaitForAsync(new() { Timeout = 30_000 });

        Assert.Equal("Balance: 1234.56", await page.Page.Locator("#balance").TextContentAsync());
        var calls = app.Server.Requests.Where(r => r.Path == BalancePath).ToList();
        Assert.Equal([429, 200], calls.Select(r => r.StatusCode));
        // The gap between the two requests as the server saw them. Without an exposed Retry-After the browser hides the
        // header and the SDK backs off by its own schedule, which starts near one second.
        var gap = calls[1].Timestamp - calls[0].Timestamp;
        Assert.InRange(gap, retryAfter, retryAfter + TimeSpan.FromSeconds(3));
        var elapsedMs = long.Parse((await page.Page.Locator("#balance-call").GetAttributeAsync("data-elapsed-ms"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(elapsedMs, (long)retryAfter.TotalMilliseconds, (long)(retryAfter + TimeSpan.FromSeconds(3)).TotalMilliseconds);
        AssertNoWholeKey(page);
    }

    [Fact]
    public async Task Home_KeyRejectedWith401_ShowsTheTypedErrorAndLogsOnlyTheRedactedKey()
    {
        app.Server.RevokeKey(TelephonyFakeServer.PublishableTestKey);
        try
        {
            await using var page = await app.OpenAsync("/");

            await page.Page.Locator(FirstCallDone).WaitForAsync();

            Assert.Equal("The API key was refused (401): Invalid or missing API key", await page.Page.Locator("#error").TextContentAsync());
            Assert.Equal(0, await page.Page.Locator("#balance").CountAsync());
            // The SDK's warning (event 1004) reaches the console, naming the key only in its redacted form.
            Assert.Contains(page.Console, m => m.Type == "warning" && m.Text.Contains("rejected the key pk_test_…0001", StringComparison.Ordinal));
            AssertNoWholeKey(page);
        }
        finally
        {
            app.Server.SetBalance(TelephonyFakeServer.PublishableTestKey, TelephonyFakeServer.DefaultBalance);
        }
    }

    [Fact]
    public async Task OwnKey_SecretKeyAtRunTime_IsRefusedWithNoRequestSent()
    {
        await using var page = await app.OpenAsync("/own-key");
        await page.Page.Locator("#try").WaitForAsync();
        app.Server.ClearRequests();

        await page.Page.Locator("#key").FillAsync(TelephonyFakeServer.SecretTestKey);
        await page.Page.Locator("#try").ClickAsync();
        await page.Page.Locator("#result[data-state='refused']").WaitForAsync(new() { Timeout = 30_000 });

        var result = await page.Page.Locator("#result").TextContentAsync();
        Assert.StartsWith("Refused before sending: ", result, StringComparison.Ordinal);
        Assert.Contains("sk_test_…0001", result, StringComparison.Ordinal);
        Assert.DoesNotContain(TelephonyFakeServer.SecretTestKey, await page.Page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(app.Server.Requests);
        AssertNoWholeKey(page);
    }

    [Fact]
    public async Task OwnKey_PublishableKeyAtRunTime_IsSent()
    {
        // The counterpart of the refusal above: the same page does reach the server when the key is allowed.
        await using var page = await app.OpenAsync("/own-key");
        await page.Page.Locator("#try").WaitForAsync();
        app.Server.ClearRequests();

        await page.Page.Locator("#key").FillAsync(TelephonyFakeServer.PublishableLiveKey);
        await page.Page.Locator("#try").ClickAsync();
        await page.Page.Locator("#result[data-state='loaded']").WaitForAsync(new() { Timeout = 30_000 });

        Assert.Equal("Balance: 250.00", await page.Page.Locator("#result").TextContentAsync());
        var call = Assert.Single(app.Server.Requests);
        Assert.Equal((BalancePath, "pk_live_…0001", 200), (call.Path, call.RedactedKey, call.StatusCode));
        AssertNoWholeKey(page);
    }

    [Fact]
    public void Publish_AppSettings_CarryAPublishableKeyAndNoSecretOne()
    {
        if (app.Unavailable is not null)
        {
            Assert.Skip(app.Unavailable);
        }

        var settings = File.ReadAllText(Path.Combine(app.PublishDirectory, "wwwroot", "appsettings.json"));

        Assert.Contains($"\"ApiKey\": \"{TelephonyFakeServer.PublishableTestKey}\"", settings, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_", settings, StringComparison.Ordinal);
    }

    private static DateTimeOffset StartOf(AppPage page) => page.OpenedAt;

    private static void AssertNoWholeKey(AppPage page)
    {
        var console = page.ConsoleText;
        foreach (var key in WholeKeys)
        {
            Assert.False(console.Contains(key, StringComparison.Ordinal), $"The browser console shows a whole key ({key[..8]}…):{Environment.NewLine}{console}");
        }
    }
}
