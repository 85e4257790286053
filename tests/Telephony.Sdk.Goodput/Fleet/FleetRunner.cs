using System.Diagnostics;
using System.Globalization;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Goodput.Fleet;

/// <summary>What one fleet cell measured: calls that did not succeed (and why), the 429s the server answered, wall time ÷ ideal.</summary>
internal sealed record FleetResult(FleetCell Cell, int Failed, IReadOnlyDictionary<string, int> Causes, int RateLimited, double Completion);

/// <summary>
/// Runs a fleet cell at real time: the server (the fake with its limit, or a real limiter in front of the fake with the
/// fake's limit off), then <c>instances</c> worker processes sharing a fresh key through one Redis, each with its share of
/// the calls and of the callers, all started at once; cut off at four ideals.
/// </summary>
internal sealed class FleetRunner(int instances, int concurrency, string redis)
{
    private const int BoundInIdeals = 4;

    public async Task<FleetResult> RunAsync(FleetCell cell, string apiKey)
    {
        await using var fake = await TelephonyFakeServer.StartAsync(o =>
        {
            o.Keys[apiKey] = 1m;
            if (cell.FakeAlgorithm is { } algorithm)
            {
                o.KeyRateLimits[apiKey] = cell.PerPeriod;
                o.RateLimitWindow = FleetCell.Period;
                o.RateLimitAlgorithm = algorithm;
                o.RateLimitBurst = algorithm == FakeRateLimitAlgorithm.LeakyBucket ? FleetCell.Burst : null;
                o.RetryAfter = cell.RetryAfter;
                o.RateLimitHeaders = cell.Headers ? FakeRateLimitHeaders.Ietf : FakeRateLimitHeaders.None;
            }
            else
            {
                o.KeyRateLimits[apiKey] = 1_000_000;
            }
        });
        await using var real = cell.IsReal ? await RealLimiter.StartAsync(cell, fake.BaseAddress) : null;
        var server = real?.BaseAddress ?? fake.BaseAddress;

        var bound = cell.Ideal * BoundInIdeals;
        var workers = new List<Process>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                var calls = (cell.Calls / instances) + (i < cell.Calls % instances ? 1 : 0);
                var callers = Math.Max(1, (concurrency / instances) + (i < concurrency % instances ? 1 : 0));
                workers.Add(StartWorker(server, apiKey, calls, callers, bound));
            }

            foreach (var worker in workers)
            {
                var line = await worker.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
                if (line != "ready")
                {
                    throw new InvalidOperationException($"a worker did not start: {line}");
                }
            }

            var stopwatch = Stopwatch.StartNew();
            if (FleetWorker.Trace)
            {
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"go {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {cell.Id}"));
            }

            foreach (var worker in workers)
            {
                await worker.StandardInput.WriteLineAsync("go");
                await worker.StandardInput.FlushAsync();
            }

            var outputs = await Task.WhenAll(workers.Select(w => ReadToEndAsync(w, bound + TimeSpan.FromSeconds(30))));
            stopwatch.Stop();
            var succeeded = 0;
            var causes = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var line in outputs.SelectMany(o => o.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                var parts = line.Split(' ', 3);
                if (parts[0] == "result")
                {
                    succeeded += int.Parse(parts[1], CultureInfo.InvariantCulture);
                }
                else if (parts[0] == "cause")
                {
                    causes[parts[2]] = causes.GetValueOrDefault(parts[2]) + int.Parse(parts[1], CultureInfo.InvariantCulture);
                }
            }

            var rateLimited = real is not null ? await real.Count429sAsync() : fake.Requests.Count(r => r.StatusCode == 429);
            var failed = cell.Calls - succeeded;
            if (failed - causes.Values.Sum() is var missing and > 0)
            {
                causes["no result"] = causes.GetValueOrDefault("no result") + missing;
            }

            return new FleetResult(cell, failed, causes, rateLimited, stopwatch.Elapsed / cell.Ideal);
        }
        finally
        {
            foreach (var worker in workers)
            {
                if (!worker.HasExited)
                {
                    worker.Kill(entireProcessTree: true);
                }

                worker.Dispose();
            }
        }
    }

    private static async Task<string> ReadToEndAsync(Process worker, TimeSpan bound)
    {
        var output = await worker.StandardOutput.ReadToEndAsync().WaitAsync(bound);
        await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return output;
    }

    // The same program, in worker mode: through the apphost when there is one, else through dotnet and the assembly.
    private Process StartWorker(Uri server, string apiKey, int calls, int callers, TimeSpan bound)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(FleetRunner).Assembly.Location);
        }

        foreach (var argument in new[]
        {
            "--worker", server.ToString(), apiKey, redis, calls.ToString(CultureInfo.InvariantCulture),
            callers.ToString(CultureInfo.InvariantCulture), bound.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        return Process.Start(start) ?? throw new InvalidOperationException("a worker did not start");
    }
}
