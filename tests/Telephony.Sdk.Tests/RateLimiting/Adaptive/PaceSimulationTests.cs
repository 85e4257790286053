using Telephony.Sdk.Testing.RateLimiting;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting.Adaptive;

/// <summary>
/// The pace learnt from 429s that state no limit, against servers built on other models than the client's, simulated
/// on a fake clock: few 429s, and close to the server's own pace.
/// </summary>
public sealed class PaceSimulationTests
{
    public static TheoryData<string, int, bool> Servers => new()
    {
        { "leaky", 500, true }, { "leaky", 500, false }, { "leaky", 1000, true }, { "leaky", 1000, false },
        { "token", 500, true }, { "token", 500, false }, { "fixed", 500, true }, { "sliding", 500, true },
    };

    [Theory]
    [MemberData(nameof(Servers))]
    public void Run_BurstOfTwiceTheLimit_FewerThan10Percent429sAndWithin1Point3OfTheServersPace(string algorithm, int limit, bool retryAfter)
    {
        var window = TimeSpan.FromMinutes(1);
        var simulation = new PaceSimulation(clock => algorithm switch
        {
            "leaky" => new LeakyBucketRateLimiter(clock, window, burst: null),
            "token" => new TokenBucketRateLimiter(clock, window, burst: null),
            "sliding" => new SlidingWindowRateLimiter(clock, window),
            _ => new FixedWindowRateLimiter(clock, window),
        }, limit, retryAfter);
        var calls = 2 * limit;
        var ideal = algorithm == "leaky" ? window * ((calls - LeakyBucketRateLimiter.DefaultBurst(limit)) / (double)limit) : window;

        simulation.Run(calls, callers: 32, limit: ideal * 4);

        var share = simulation.Refused / (double)calls;
        var pace = simulation.Elapsed / ideal;
        Assert.True(simulation.Accepted >= calls, $"{simulation.Accepted} of {calls} accepted in {simulation.Elapsed}");
        Assert.True(share <= 0.10, $"429s: {share:P1} ({simulation.Refused}); {pace:F2} × the server's pace");
        Assert.True(pace <= 1.3, $"{pace:F2} × the server's pace; 429s: {share:P1}");
    }
}
