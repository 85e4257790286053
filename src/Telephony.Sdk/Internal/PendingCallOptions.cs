namespace Telephony.Sdk.Internal;

/// <summary>
/// Hands a call's <see cref="TelephonyRequestOptions"/> from the invoker to the authentication handler across Refit, which
/// builds the request in between: an ambient value, as Azure.Core's <c>HttpPipeline.CreateHttpMessagePropertiesScope</c>
/// does. Every call runs with its own (a call without options clears what an enclosing call left); the handler puts them
/// on the request. A call without options pays one read where a Refit request property cost every call about 0.3 µs.
/// </summary>
internal static class PendingCallOptions
{
    private static readonly AsyncLocal<TelephonyRequestOptions?> Current = new();

    /// <summary>Gets a value indicating whether no call's options are pending in this flow: the usual case, with nothing to do.</summary>
    public static bool NonePending => Current.Value is null;

    /// <summary>
    /// Runs <paramref name="call"/> with <paramref name="options"/>, or none, pending. What an async method sets in an
    /// ambient value ends with it: the caller's flow never sees it. (A static call with its state: a lambda capturing the
    /// caller's locals would cost every call a closure, even one that never comes here.)
    /// </summary>
    public static async Task<TResult> RunAsync<TState, TResult>(TelephonyRequestOptions? options, Func<TState, Task<TResult>> call, TState state)
    {
        Current.Value = options;
        return await call(state).ConfigureAwait(false);
    }

    /// <summary>Puts the options pending for this call on <paramref name="request"/> and returns them.</summary>
    public static TelephonyRequestOptions? Take(HttpRequestMessage request)
    {
        if (Current.Value is { } options)
        {
            request.Options.Set(TelephonyRequestOptions.Key, options);
        }

        return Current.Value;
    }
}
