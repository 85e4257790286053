using System.Globalization;

namespace Telephony.Sdk.Benchmarks;

/// <summary>Settings of the throughput run: <c>--calls N --concurrency N --rounds N --warmup-rounds N [variant…]</c>.</summary>
internal sealed record ThroughputSettings(int Calls, int Concurrency, int Rounds, int WarmUpRounds, IReadOnlyList<string> Variants)
{
    public static readonly IReadOnlyList<string> DefaultVariants =
        [VariantClient.HandWritten, VariantClient.HandWrittenViaFactory, VariantClient.Sdk, VariantClient.SdkNoRateLimit, VariantClient.RefitStandardResilience];

    /// <summary>Enough calls at full concurrency for every caller to open (and then reuse) its connection.</summary>
    public int WarmUpCalls => Concurrency * 10;

    public static ThroughputSettings Parse(IReadOnlyList<string> args)
    {
        var calls = 10_000;
        var concurrency = 64;
        var rounds = 7;
        var warmUpRounds = 3;
        var variants = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--calls":
                    calls = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--concurrency":
                    concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--rounds":
                    rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--warmup-rounds":
                    warmUpRounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    variants.Add(VariantClient.Find(args[i]) ?? throw new ArgumentException($"Unknown variant or option \"{args[i]}\"."));
                    break;
            }
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(calls);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(calls, 1_000_000);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(concurrency, 1_024);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rounds, 20);
        ArgumentOutOfRangeException.ThrowIfNegative(warmUpRounds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(warmUpRounds, 20);
        return new ThroughputSettings(calls, concurrency, rounds, warmUpRounds, variants.Count > 0 ? variants : DefaultVariants);
    }
}
