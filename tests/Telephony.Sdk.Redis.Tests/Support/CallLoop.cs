namespace Telephony.Sdk.Redis.Tests.Support;

/// <summary>One caller calling the API in a loop (bounded in count, a short pause between calls) until stopped.</summary>
internal sealed class CallLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Exception> _failures = [];
    private Task _loop = Task.CompletedTask;
    private int _succeeded;

    public int Succeeded => Volatile.Read(ref _succeeded);

    public IReadOnlyList<Exception> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    public static CallLoop Start(TelephonyClient client, int maxCalls)
    {
        var loop = new CallLoop();
        loop._loop = Task.Run(() => loop.RunAsync(client, maxCalls));
        return loop;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(TelephonyClient client, int maxCalls)
    {
        for (var i = 0; i < maxCalls && !_stop.IsCancellationRequested; i++)
        {
            try
            {
                await client.Account.GetBalanceAsync(CancellationToken.None);
                Interlocked.Increment(ref _succeeded);
            }
            catch (TelephonyException ex)
            {
                lock (_failures)
                {
                    _failures.Add(ex);
                }
            }

            try
            {
                await Task.Delay(2, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
