namespace Telephony.Sdk;

/// <summary>The API rejected the key (HTTP 401): it is missing, mistyped, revoked or rotated away.</summary>
public class TelephonyAuthenticationException : TelephonyApiException
{
    internal const string Advice = "Check the configured key against your dashboard";

    /// <summary>Initializes a new instance of the <see cref="TelephonyAuthenticationException"/> class.</summary>
    public TelephonyAuthenticationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyAuthenticationException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public TelephonyAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyAuthenticationException"/> class with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TelephonyAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyAuthenticationException"/> class from what the server answered.</summary>
    /// <param name="error">The status, error envelope and response details.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public TelephonyAuthenticationException(TelephonyApiError error)
        : base(error, Advice)
    {
    }

    /// <summary>The SDK's own: the advice names the client, the redacted key and where that key is set.</summary>
    internal TelephonyAuthenticationException(TelephonyApiError error, string advice)
        : base(error, advice)
    {
    }
}
