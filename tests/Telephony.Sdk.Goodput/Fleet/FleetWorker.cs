using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Telephony.Sdk.Goodput.Fleet;

/// <summary>
/// One instance of a fleet, in a process of its own: a client with default settings sharing its key's limit through
/// Redis (<c>UseRedisRateLimit</c>). It says <c>ready</c>, waits for <c>go</c> on its input, makes its share of the
/// burst with its callers, and prints <c>result &lt;succeeded&gt;</c> and one <c>cause &lt;count&gt; &lt;name&gt;</c> line per
/// kind of failure.
/// </summary>
internal static class FleetWorker
{
    /// <summary>Gets a value indicating whether <c>TELEPHONY_GOODPUT_TRACE=1</c>: the runner and its workers (which inherit it) trace each attempt.</summary>
    public static bool Trace { get; } = Environment.GetEnvironmentVariable("TELEPHONY_GOODPUT_TRACE") == "1";

    public static async Task<int> RunAsync(Uri server, string key, string redis, int calls, int concurrency, TimeSpan bound)
    {
        var services = new ServiceCollection();
        var builder = services.AddTelephonyClient(o => (o.ApiKey, o.BaseAddress) = (key, server)).UseRedisRateLimit(redis);
        if (Trace)
        {
            builder.AddHttpMessageHandler(() => new AttemptTrace());
        }

        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<TelephonyClient>();

        Console.WriteLine("ready");
        if (await Console.In.ReadLineAsync() != "go")
        {
            return 2;
        }

        using var stop = new CancellationTokenSource(bound);
        var causes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var next = -1;
        var succeeded = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref next) < calls)
            {
                try
                {
                    await client.Account.GetBalanceAsync(stop.Token);
                    Interlocked.Increment(ref succeeded);
                }
                catch (Exception e)
                {
                    var cause = e is OperationCanceledException && stop.IsCancellationRequested ? "unfinished"
                        : e is TelephonyApiException { ErrorCode: { } code } ? code : e.GetType().Name;
                    causes.AddOrUpdate(cause, 1, static (_, n) => n + 1);
                }
            }
        }));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result {succeeded}"));
        foreach (var (cause, count) in causes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cause {count} {cause}"));
        }

        return 0;
    }

    /// <summary>With <c>TELEPHONY_GOODPUT_TRACE=1</c>: one line on standard error per attempt, <c>attempt &lt;Unix ms sent&gt; &lt;status&gt; &lt;process id&gt; &lt;Unix ms answered&gt;</c>.</summary>
    private sealed class AttemptTrace : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var response = await base.SendAsync(request, cancellationToken);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"attempt {sent} {(int)response.StatusCode} {Environment.ProcessId} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}"));
            return response;
        }
    }
}
