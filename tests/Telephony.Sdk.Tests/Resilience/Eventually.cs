using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Retry;
namespace Telephony.Sdk.Tests.Resilience;

/// <summary>Waits (bounded in count and time) for concurrent work to reach a state; it asserts nothing about time.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "The expected state was not reached.");
    }
}
