using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// Cold start: starts the cold-start app (process start → DI → one in-memory call → exit) once per variant and run,
/// interleaving the variants, and reports the median whole-process wall time. One discarded run per variant first
/// warms the disk cache. <c>--app PATH</c> starts another build of the app instead of the one built beside this one,
/// e.g. its NativeAOT publish (an executable is started directly; an assembly through its apphost or <c>dotnet</c>).
/// </summary>
internal static class ColdStartRunner
{
    public const string SdkWithoutResiliencePipeline = nameof(SdkWithoutResiliencePipeline);
    public const string RefitWithoutResilience = nameof(RefitWithoutResilience);

    /// <summary>The four variants, then two that take the resilience pipeline away, to show what it costs at start-up.</summary>
    public static readonly IReadOnlyList<string> DefaultVariants =
    [
        VariantClient.HandWritten, VariantClient.HandWrittenViaFactory, VariantClient.Sdk, VariantClient.RefitStandardResilience,
        SdkWithoutResiliencePipeline, RefitWithoutResilience,
    ];

    private static readonly TimeSpan RunTimeLimit = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var runs = 20;
        string? appPath = null;
        var variants = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--runs")
            {
                runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                continue;
            }

            if (args[i] == "--app")
            {
                appPath = Path.GetFullPath(args[++i]);
                if (!File.Exists(appPath))
                {
                    throw new ArgumentException($"No cold-start app at \"{appPath}\".");
                }

                continue;
            }

            var variant = DefaultVariants.FirstOrDefault(v => string.Equals(v, args[i], StringComparison.OrdinalIgnoreCase))
                ?? (string.Equals(args[i], "handwritten-di", StringComparison.OrdinalIgnoreCase) ? VariantClient.HandWrittenViaFactory : null);
            if (variant is null)
            {
                throw new ArgumentException($"Unknown cold-start variant \"{args[i]}\"; known: {string.Join(", ", DefaultVariants)}.");
            }

            variants.Add(variant);
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(runs, 200);
        if (variants.Count == 0)
        {
            variants.AddRange(DefaultVariants);
        }

        var app = appPath ?? AppAssembly();
        output.WriteLine($"# Cold start: {runs} run(s) per variant after one discarded warm-up run, {app}");
        foreach (var variant in variants)
        {
            await RunOnceAsync(app, variant);
        }

        var samples = variants.ToDictionary(v => v, _ => new List<ColdStartSample>());
        for (var run = 0; run < runs; run++)
        {
            var rotation = run % variants.Count;
            foreach (var variant in variants.Skip(rotation).Concat(variants.Take(rotation)))
            {
                samples[variant].Add(await RunOnceAsync(app, variant));
            }
        }

        Report(samples, output);
        return 0;
    }

    /// <summary>Starts the app once; the wall time runs from just before the process starts to its exit.</summary>
    public static async Task<ColdStartSample> RunOnceAsync(string app, string variant)
    {
        // An assembly through its apphost (or dotnet); anything else, e.g. a NativeAOT executable, directly.
        var start = app.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? SelfProcess.StartInfo("dotnet", app, variant)
            : new ProcessStartInfo(app, [variant]) { UseShellExecute = false };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var timeout = new CancellationTokenSource(RunTimeLimit);
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the cold-start app.");
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"The cold-start app ({variant}) ran longer than {RunTimeLimit}.");
        }

        var wall = Stopwatch.GetElapsedTime(started);
        var line = (await stdout).Trim();
        if (process.ExitCode != 0 || !line.StartsWith("balance=1234.56 ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The cold-start app ({variant}) exited with {process.ExitCode}: {line} {await stderr}");
        }

        return new ColdStartSample(wall.TotalMilliseconds, Field(line, "main_ms"), Field(line, "setup_ms"), Field(line, "jit_methods"));
    }

    private static double Field(string line, string name)
    {
        var value = line.Split(' ').Single(part => part.StartsWith(name + "=", StringComparison.Ordinal));
        return double.Parse(value.AsSpan(name.Length + 1), CultureInfo.InvariantCulture);
    }

    /// <summary>The cold-start app's assembly, next to which the build put its apphost.</summary>
    public static string AppAssembly() =>
        typeof(ColdStartRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ColdStartAppAssembly")?.Value
        ?? throw new InvalidOperationException("The build did not record where the cold-start app is.");

    private static void Report(Dictionary<string, List<ColdStartSample>> samples, TextWriter output)
    {
        double MedianWall(string variant) => ThroughputRunner.Median(samples[variant].Select(s => s.WallMs));
        var handWritten = samples.ContainsKey(VariantClient.HandWritten) ? MedianWall(VariantClient.HandWritten) : double.NaN;
        var withDi = samples.ContainsKey(VariantClient.HandWrittenViaFactory) ? MedianWall(VariantClient.HandWrittenViaFactory) : double.NaN;
        output.WriteLine();
        output.WriteLine("| variant | runs | wall ms, median | wall ms, mean | min–max | ratio to hand-written | ratio to hand-written + DI | Main → client ready ms, median | Main → result ms, median | methods JIT-compiled |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (variant, list) in samples)
        {
            var median = MedianWall(variant);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {variant} | {list.Count} | {median:F0} | {list.Average(s => s.WallMs):F0} | {list.Min(s => s.WallMs):F0}–{list.Max(s => s.WallMs):F0} | {median / handWritten:F2} | {median / withDi:F2} | {ThroughputRunner.Median(list.Select(s => s.SetUpMs)):F0} | {ThroughputRunner.Median(list.Select(s => s.MainMs)):F0} | {ThroughputRunner.Median(list.Select(s => s.JitMethods)):F0} |"));
        }
    }
}
