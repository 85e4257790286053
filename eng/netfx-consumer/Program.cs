// Runs under Mono against the standalone fake Telephony.io (eng/netfx-consumer-check.sh). Every check prints "ok: ..."
// or fails the process. The fake's address and keys come from the environment, so no key is written in this file.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Telephony.Sdk;

var baseAddress = new Uri(Environment.GetEnvironmentVariable("TELEPHONY_BASE_URL") ?? throw new InvalidOperationException("TELEPHONY_BASE_URL is not set"));
var publishableKey = Required("FAKE_PUBLISHABLE_KEY");
// The fake allows this key one request per window, so the first call of a window proves that nothing before it reached the fake.
var limitedSecretKey = Required("FAKE_LIMITED_SECRET_KEY");
var unknownKey = "sk_test_" + Guid.NewGuid().ToString("N");
string[] keys = [publishableKey, limitedSecretKey, unknownKey];

var sdk = typeof(TelephonyClient).Assembly;
Console.WriteLine($"Telephony.Sdk {sdk.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion} " +
    $"({sdk.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName}) on {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
Check(sdk.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName == ".NETFramework,Version=v4.6.2", "the package's lib/net462 assembly is the one loaded");

var logs = new ConcurrentQueue<string>();
ServiceProvider Services(string key, TelephonyClientMode mode = TelephonyClientMode.Server)
{
    var services = new ServiceCollection();
    services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(logs)));
    services.AddTelephonyClient(options =>
    {
        options.ApiKey = key;
        options.BaseAddress = baseAddress;
        options.Mode = mode;
    });
    services.AddHealthChecks().AddTelephonyHealthCheck();
    return services.BuildServiceProvider();
}

// 1. A balance, through dependency injection and through new TelephonyClient(options).
using (var provider = Services(publishableKey))
{
    var balance = await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync();
    Console.WriteLine("DI balance: " + balance.Balance.ToString(CultureInfo.InvariantCulture));
}

using (var client = new TelephonyClient(new TelephonyClientOptions { ApiKey = publishableKey, BaseAddress = baseAddress }))
{
    var balance = await client.Account.GetBalanceAsync();
    Console.WriteLine("new TelephonyClient balance: " + balance.Balance.ToString(CultureInfo.InvariantCulture));
}

// 2. A typed 401 for a key the API does not know.
using (var provider = Services(unknownKey))
{
    try
    {
        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync();
        Fail("a call with an unknown key succeeded");
    }
    catch (TelephonyAuthenticationException e)
    {
        Check((int)e.StatusCode == 401 && e.ErrorCode == "unauthorized", $"unknown key: TelephonyAuthenticationException, {(int)e.StatusCode} {e.ErrorCode}");
        CheckNoKey(e.ToString(), "the 401 exception");
    }
}

// 3. A secret key in client mode is refused before anything is sent.
var refusedAt = Stopwatch.StartNew();
try
{
    using var client = new TelephonyClient(new TelephonyClientOptions { ApiKey = limitedSecretKey, BaseAddress = baseAddress, Mode = TelephonyClientMode.Client });
    await client.Account.GetBalanceAsync();
    Fail("client mode accepted a secret key");
}
catch (ArgumentException e)
{
    CheckNoKey(e.ToString(), "the client-mode refusal");
    Console.WriteLine($"ok: client mode refused the secret key: {e.Message}");
}

using (var provider = Services(limitedSecretKey))
{
    var client = provider.GetRequiredService<TelephonyClient>();
    var attemptsBefore = Attempts();

    // The key's first request of the fake's window succeeds only if the refused client sent none.
    await client.Account.GetBalanceAsync();
    Check(refusedAt.Elapsed < TimeSpan.FromSeconds(2), $"the key's first call came {refusedAt.Elapsed.TotalMilliseconds:F0} ms after the refusal, inside the fake's window");
    Check(Attempts().Skip(attemptsBefore.Count).SequenceEqual(["200"]), "zero requests reached the fake from the refused client (the key's one request per window was still there)");

    // 4. Over the limit: a 429 with Retry-After, waited out and retried by the SDK.
    attemptsBefore = Attempts();
    var waited = Stopwatch.StartNew();
    await client.Account.GetBalanceAsync();
    var attempts = Attempts().Skip(attemptsBefore.Count).ToList();
    Check(attempts.SequenceEqual(["429", "200"]), $"429 then 200 after {waited.Elapsed.TotalSeconds:F1} s (attempts: {string.Join(", ", attempts)})");

    // 5. The key's rate-limit state, as the SDK has learnt it.
    var state = client.GetRateLimitState();
    Check(state.Limit > 0, $"rate-limit state: {state}");
    CheckNoKey(state.ToString(), "the rate-limit state");
}

// 6. Cancellation and the health check.
using (var provider = Services(publishableKey))
{
    using var cancelled = new CancellationTokenSource();
    cancelled.Cancel();
    try
    {
        await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(cancelled.Token);
        Fail("a cancelled call completed");
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("ok: a cancelled token cancels the call");
    }

    var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    Check(report.Status == HealthStatus.Healthy, $"health check: {report.Status}");
}

// 7. No key in anything the SDK logged.
Check(!logs.IsEmpty, $"{logs.Count} log lines captured");
foreach (var line in logs)
{
    CheckNoKey(line, "a log line");
}

Console.WriteLine("ok: no key in the captured log lines");
Console.WriteLine("netfx-consumer: passed");
return 0;

List<string> Attempts() => logs.Where(l => l.StartsWith("1002 ", StringComparison.Ordinal)).Select(l => l.Split(' ')[3]).ToList();

void CheckNoKey(string text, string what)
{
    foreach (var key in keys)
    {
        if (text.Contains(key))
        {
            Fail($"{what} holds a whole key");
        }
    }
}

static string Required(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set");

static void Check(bool condition, string what)
{
    if (!condition)
    {
        Fail(what);
    }

    Console.WriteLine($"ok: {what}");
}

static void Fail(string what)
{
    Console.Error.WriteLine($"netfx-consumer: FAILED: {what}");
    Environment.Exit(1);
}

/// <summary>Keeps every log line: "EVENTID LEVEL MESSAGE EXCEPTION".</summary>
internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{eventId.Id} {logLevel} {formatter(state, exception)} {exception}");
    }
}
