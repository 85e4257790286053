namespace Telephony.Sdk;

/// <summary>No response arrived in time. The request may or may not have been processed by the server.</summary>
public class TelephonyTimeoutException : TelephonyException
{
    /// <summary>Initializes a new instance of the <see cref="TelephonyTimeoutException"/> class.</summary>
    public TelephonyTimeoutException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyTimeoutException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public TelephonyTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyTimeoutException"/> class with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TelephonyTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
