namespace Telephony.Sdk;

/// <summary>The API could not be reached: DNS failure, connection refused or reset, or a TLS error. Nothing was answered, so the request may be retried once the network is back.</summary>
public class TelephonyConnectionException : TelephonyException
{
    /// <summary>Initializes a new instance of the <see cref="TelephonyConnectionException"/> class.</summary>
    public TelephonyConnectionException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyConnectionException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public TelephonyConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyConnectionException"/> class with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TelephonyConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
