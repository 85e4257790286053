using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Retry;
namespace Telephony.Sdk.Tests.Resilience;

/// <summary>
/// Awaits a call that a fake clock is driving, bounded in real time: if the clock was not advanced far enough the
/// test fails with a clear message instead of hanging the run. It asserts nothing about time.
/// </summary>
internal static class Bounded
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Limit, TestContext.Current.CancellationToken);

    public static Task Within(this Task task) => task.WaitAsync(Limit, TestContext.Current.CancellationToken);
}
