using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Goodput;

/// <summary>
/// A client under test: how it is registered for a server and a key, and its call, made once per cell from the
/// container, which returns why it failed or <see langword="null"/>.
/// </summary>
internal sealed record Variant(
    string Name, Action<IServiceCollection, Uri, string> Register, Func<IServiceProvider, Func<CancellationToken, Task<string?>>> CreateCall);

/// <summary>What one cell measured.</summary>
/// <param name="Failed">Calls that did not succeed, including those unfinished when the cell was cut off.</param>
/// <param name="Causes">Why they failed, with counts.</param>
/// <param name="RateLimited">429s the server answered.</param>
/// <param name="Completion">The cell's wall time, in the cell's scaled time, ÷ its ideal.</param>
/// <param name="CutOff">Whether the cell was stopped at its bound.</param>
/// <param name="Examples">For each cause that was an exception, the first one's type and message (and its inner exception's).</param>
internal sealed record CellResult(
    Cell Cell, int Failed, IReadOnlyDictionary<string, int> Causes, int RateLimited, double Completion, bool CutOff, IReadOnlyDictionary<string, string> Examples);

/// <summary>
/// Runs one cell: a fresh fake server and a fresh client on a clock of their own, sped up so that the cell's ideal takes
/// about <c>targetSeconds</c> of real time; <c>concurrency</c> callers take calls from a shared counter until the burst
/// is done or four ideals have passed.
/// </summary>
internal sealed class CellRunner(Variant variant, int concurrency, double targetSeconds, bool trace = false)
{
    private const double MaxSpeed = 60;
    private const int BoundInIdeals = 4;
    private const string Unfinished = "unfinished";

    public async Task<CellResult> RunAsync(Cell cell, string apiKey)
    {
        var clock = new ScaledTimeProvider(Math.Clamp(cell.Ideal.TotalSeconds / targetSeconds, 1, MaxSpeed));
        await using var server = await TelephonyFakeServer.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.Keys[apiKey] = 1m;
            o.KeyRateLimits[apiKey] = cell.Limit;
            o.RateLimitWindow = Cell.Window;
            o.RateLimitAlgorithm = cell.Algorithm;
            o.RetryAfter = cell.RetryAfter;
            o.RateLimitHeaders = cell.Headers;
        });

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        variant.Register(services, server.BaseAddress, apiKey);
        await using var provider = services.BuildServiceProvider();
        var call = variant.CreateCall(provider);

        using var bound = new CancellationTokenSource(clock.ToReal(cell.Ideal * BoundInIdeals));
        var causes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var examples = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var next = -1;
        var succeeded = 0;
        var stopwatch = Stopwatch.StartNew();
        var callers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (!bound.IsCancellationRequested && Interlocked.Increment(ref next) < cell.Calls)
            {
                string? cause;
                try
                {
                    cause = await call(bound.Token);
                }
                catch (Exception e)
                {
                    cause = e is OperationCanceledException && bound.IsCancellationRequested ? Unfinished : CauseOf(e);
                    examples.TryAdd(cause, Describe(e));
                }

                if (cause is null)
                {
                    Interlocked.Increment(ref succeeded);
                }
                else
                {
                    causes.AddOrUpdate(cause, 1, static (_, n) => n + 1);
                }
            }
        });
        var tracing = trace ? TraceAsync(server, provider, clock, bound.Token) : Task.CompletedTask;
        await Task.WhenAll(callers);
        stopwatch.Stop();
        var cutOff = bound.IsCancellationRequested;
        await bound.CancelAsync();
        await tracing;

        var failed = cell.Calls - succeeded;
        if (failed - causes.Values.Sum() is var neverStarted and > 0)
        {
            causes.AddOrUpdate(Unfinished, neverStarted, (_, n) => n + neverStarted);
        }

        var rateLimited = (int)server.RequestCounts.ByStatus.GetValueOrDefault(429);
        var completion = stopwatch.Elapsed * clock.Speed / cell.Ideal;
        return new CellResult(cell, failed, causes, rateLimited, completion, cutOff, examples);
    }

    // One line per scaled second on stderr: what the server answered in it, and the SDK's view of the key (--trace).
    private static async Task TraceAsync(TelephonyFakeServer server, IServiceProvider provider, ScaledTimeProvider clock, CancellationToken stop)
    {
        var client = provider.GetService<TelephonyClient>();
        var (okSeen, tooManySeen) = (0L, 0L);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stop);

                // From the running counts: the server's request log keeps only the last requests.
                var counts = server.RequestCounts.ByStatus;
                var (ok, tooMany) = (counts.GetValueOrDefault(200), counts.GetValueOrDefault(429));
                var state = client?.GetRateLimitState();
                Console.Error.WriteLine(
                    $"{clock.GetUtcNow():mm:ss.f} ok {ok - okSeen,4} 429 {tooMany - tooManySeen,4} " +
                    $"pace {state?.RequestsPerSecond:F1} paused-until {state?.PausedUntil:mm:ss.f} remaining {state?.Remaining} source {state?.Source}");
                (okSeen, tooManySeen) = (ok, tooMany);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // The SDK's exceptions say what failed (a 429 from the server, a request it did not send and why); others by type.
    // One line, so that a failure in a CI log can be told apart from another of the same type.
    private static string Describe(Exception e) =>
        string.Join(" <- ", new[] { e, e.InnerException }.OfType<Exception>().Select(x => $"{x.GetType().Name}: {x.Message}"))
            .ReplaceLineEndings(" ");

    private static string CauseOf(Exception e) => e switch
    {
        TelephonyApiException { ErrorCode: "client_rate_limited", ErrorMessage: { } message } =>
            message.Contains("back off", StringComparison.Ordinal) ? "not sent: server's backoff > budget"
            : message.Contains("already waiting", StringComparison.Ordinal) ? "not sent: queue full"
            : message.Contains("wait longer", StringComparison.Ordinal) ? "not sent: permit wait > budget"
            : "not sent",
        TelephonyApiException { ErrorCode: { } code } => code,
        TelephonyApiException api => $"HTTP {(int)api.StatusCode}",
        _ => e.GetType().Name,
    };
}
