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
}
