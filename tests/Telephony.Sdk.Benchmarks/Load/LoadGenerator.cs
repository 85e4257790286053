using System.Diagnostics;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// Makes exactly <c>calls</c> calls from <c>concurrency</c> concurrent callers, or stops at <c>timeLimit</c>,
/// whichever comes first.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(Func<CancellationToken, Task<decimal>> call, int calls, int concurrency, TimeSpan timeLimit)
    {
        using var deadline = new CancellationTokenSource(timeLimit);
        var issued = 0;
        var completed = 0;
        var failed = 0;
        Exception? firstError = null;

        async Task CallerAsync()
        {
            while (!deadline.IsCancellationRequested && Interlocked.Increment(ref issued) <= calls)
            {
                try
                {
                    if (await call(deadline.Token) == BalanceClients.ExpectedBalance)
                    {
                        Interlocked.Increment(ref completed);
                        continue;
                    }

                    Interlocked.CompareExchange(ref firstError, new InvalidOperationException("A call returned the wrong balance."), null);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref firstError, e, null);
                }

                Interlocked.Increment(ref failed);
            }
        }

        var stopwatch = Stopwatch.StartNew();
        var callers = new Task[concurrency];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = Task.Run(CallerAsync);
        }

        await Task.WhenAll(callers);
        stopwatch.Stop();
        return new LoadResult(completed, failed, stopwatch.Elapsed, firstError);
    }
}
