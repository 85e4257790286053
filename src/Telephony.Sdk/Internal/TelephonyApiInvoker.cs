namespace Telephony.Sdk.Internal;

/// <summary>
/// Runs one call on the wire contract (<see cref="ITelephonyApi"/>, Refit). The Refit client and the
/// <see cref="HttpClient"/> under it are kept between calls and renewed as <see cref="CachedHttpClient"/> describes, so
/// a long-lived <see cref="TelephonyClient"/> still follows the factory's handler rotation and a reloaded base address.
/// </summary>
internal sealed class TelephonyApiInvoker(CachedHttpClient http)
{
    public Task<TResult> InvokeAsync<TResult>(
        Func<ITelephonyApi, CancellationToken, Task<TResult>> call,
        HttpMethod method,
        string relativePath,
        CancellationToken cancellationToken)
        where TResult : class
    {
        var lease = http.Get();
        var task = call(lease.Api, cancellationToken);

        // A call that has already completed with a result needs no further step of its own.
        return task.IsCompletedSuccessfully && task.Result is not null
            ? task
            : CompleteAsync(task, lease.Options, method, relativePath);
    }

    private static async Task<TResult> CompleteAsync<TResult>(
        Task<TResult> task, TelephonyClientOptions options, HttpMethod method, string relativePath)
        where TResult : class
    {
        TResult? result = await task.ConfigureAwait(false);

        // Refit turns an empty 200 body into null: that is a broken response, never a default value.
        return result ?? throw new TelephonyException(
            $"The response to {method} {RelativeRequestUri.Resolve(options.BaseAddress, relativePath).AbsolutePath} had an empty body where a JSON object was expected.");
    }
}
