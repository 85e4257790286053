namespace Telephony.Sdk;

/// <summary>The key is valid but may not perform this operation (HTTP 403). Publishable keys have limited permissions.</summary>
public class TelephonyPermissionException : TelephonyApiException
{
    internal const string Advice = "Publishable keys (pk_) have limited permissions: call this operation from a server with a secret key (sk_)";

    /// <summary>Initializes a new instance of the <see cref="TelephonyPermissionException"/> class.</summary>
    public TelephonyPermissionException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyPermissionException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public TelephonyPermissionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyPermissionException"/> class with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TelephonyPermissionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyPermissionException"/> class from what the server answered.</summary>
    /// <param name="error">The status, error envelope and response details.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public TelephonyPermissionException(TelephonyApiError error)
        : base(error, Advice)
    {
    }
}
