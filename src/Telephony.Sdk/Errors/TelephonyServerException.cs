namespace Telephony.Sdk;

/// <summary>Telephony.io failed to handle the request (HTTP 5xx). Safe to retry later for idempotent operations.</summary>
public class TelephonyServerException : TelephonyApiException
{
    internal const string Advice = "This is a problem on the Telephony.io side: try again later";

    /// <summary>Initializes a new instance of the <see cref="TelephonyServerException"/> class.</summary>
    public TelephonyServerException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyServerException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public TelephonyServerException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyServerException"/> class with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TelephonyServerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyServerException"/> class from what the server answered.</summary>
    /// <param name="error">The status, error envelope and response details.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public TelephonyServerException(TelephonyApiError error)
        : base(error, Advice)
    {
    }
}
