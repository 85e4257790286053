namespace Telephony.Sdk.Tests;

/// <summary>
/// What the linked tests call that .NET Framework lacks, beside what the SDK's own Compatibility/ stand-ins (visible
/// here through InternalsVisibleTo) already give them.
/// </summary>
internal static class TestPolyfills
{
    extension(Task task)
    {
        public Task WaitAsync(TimeSpan timeout) => task.WaitAsync(timeout, TimeProvider.System, CancellationToken.None);

        public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => task.WaitAsync(timeout, TimeProvider.System, cancellationToken);
    }

    extension<T>(Task<T> task)
    {
        public Task<T> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => task.WaitAsync(timeout, TimeProvider.System, cancellationToken);
    }

    extension(CancellationTokenSource source)
    {
        public Task CancelAsync()
        {
            source.Cancel();
            return Task.CompletedTask;
        }
    }

    extension<TFirst>(IEnumerable<TFirst> first)
    {
        public IEnumerable<(TFirst First, TSecond Second)> Zip<TSecond>(IEnumerable<TSecond> second) => first.Zip(second, static (a, b) => (a, b));
    }
}
