namespace Telephony.Sdk.Internal;

/// <summary>
/// Hands a call's <see cref="TelephonyRequestOptions"/> from the invoker to the authentication handler across Refit, which
/// builds the request in between: an ambient value, as Azure.Core's <c>HttpPipeline.CreateHttpMessagePropertiesScope</c>
/// does. Every call runs with its own (a call without options clears what an enclosing call left); the authentication
/// handler puts them on the request. A call without options pays one read where a Refit request property cost every call about 0.3 µs.
/// </summary>
internal static class PendingCallOptions
{
    /// <summary>The options of the call this flow belongs to; <see langword="null"/> (the usual case) for a call without.</summary>
    internal static readonly AsyncLocal<TelephonyRequestOptions?> Current = new();

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
}
