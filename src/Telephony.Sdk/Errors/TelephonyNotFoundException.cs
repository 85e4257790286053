namespace Telephony.Sdk;

/// <summary>The requested resource or endpoint does not exist (HTTP 404).</summary>
public class TelephonyNotFoundException : TelephonyApiException
{
    internal const string Advice = "Check the identifier and the BaseAddress setting";

    /// <summary>Initializes a new instance of the <see cref="TelephonyNotFoundException"/> class.</summary>
    public TelephonyNotFoundException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyNotFoundException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public TelephonyNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyNotFoundException"/> class with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TelephonyNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyNotFoundException"/> class from what the server answered.</summary>
    /// <param name="error">The status, error envelope and response details.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public TelephonyNotFoundException(TelephonyApiError error)
        : base(error, Advice)
    {
    }
}
