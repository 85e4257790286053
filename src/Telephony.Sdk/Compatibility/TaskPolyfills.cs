namespace Telephony.Sdk.Compatibility;

/// <summary>
/// <c>Task.IsCompletedSuccessfully</c>, <c>ValueTask.FromResult</c> and <c>Task.Delay(TimeSpan, TimeProvider, …)</c>, on
/// .NET Framework; the last is Microsoft.Bcl.TimeProvider's own <see cref="TimeProviderTaskExtensions.Delay"/>.
/// </summary>
internal static class TaskPolyfills
{
    extension(Task task)
    {
        public bool IsCompletedSuccessfully => task.Status == TaskStatus.RanToCompletion;

        public static Task Delay(TimeSpan delay, TimeProvider timeProvider, CancellationToken cancellationToken) =>
            timeProvider.Delay(delay, cancellationToken);
    }

    extension(ValueTask)
    {
        public static ValueTask<TResult> FromResult<TResult>(TResult result) => new(result);
    }
}
