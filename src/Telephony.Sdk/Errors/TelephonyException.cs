namespace Telephony.Sdk;

/// <summary>
/// The base of every exception the Telephony SDK throws, so one <c>catch</c> can handle them all.
/// </summary>
/// <remarks>
/// Messages and properties never contain an API key or the <c>Authorization</c> header.
/// The caller's own cancellation is not wrapped: it stays an <see cref="OperationCanceledException"/>.
/// </remarks>
public class TelephonyException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TelephonyException"/> class.</summary>
    public TelephonyException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyException"/> class with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public TelephonyException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyException"/> class with a message and its cause.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TelephonyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Gets a value indicating whether the same call may succeed if it is made again later: the API was over its rate
    /// limit (429), failed or was unavailable (5xx, 408), or could not be reached or did not answer in time. It is
    /// <see langword="false"/> for what a retry cannot fix: a key refused (401, 403), a wrong address (404), a bad
    /// request, invalid settings, or a failure in the client's own handlers.
    /// </summary>
    /// <remarks>
    /// The SDK has already retried what its pipeline allows (<see cref="TelephonyResilienceOptions"/>) before throwing. A
    /// call that is not idempotent (a POST without an <c>Idempotency-Key</c>) may have been carried out by a server that
    /// timed out or failed after it, so retry it only if doing it twice is harmless.
    /// </remarks>
    public virtual bool IsTransient => false;
}
