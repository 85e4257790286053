namespace Telephony.Sdk.Redis.Tests.Support;

/// <summary>Bounds waits in real time so that a broken case fails with a message instead of hanging; asserts nothing about time.</summary>
internal static class Bounded
{
    public static Task<T> Within<T>(this Task<T> task, TimeSpan limit) => task.WaitAsync(limit, TestContext.Current.CancellationToken);

    public static Task Within(this Task task, TimeSpan limit) => task.WaitAsync(limit, TestContext.Current.CancellationToken);

    /// <summary>Waits (at most 30 s, polling every 20 ms) until <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 1500 && !condition(); i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), $"Not reached within 30 s: {what}.");
    }
}
