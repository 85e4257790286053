using System.Net;

namespace Telephony.Sdk;

/// <summary>
/// The API rejected the key (HTTP 401): it is missing, mistyped, revoked or rotated away.
/// Check the configured key (<c>Telephony:ApiKey</c> or <c>TELEPHONY_API_KEY</c>) against the dashboard.
/// </summary>
public class TelephonyAuthenticationException : TelephonyApiException
{
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

    /// <summary>Initializes a new instance of the <see cref="TelephonyAuthenticationException"/> class from a 401 response.</summary>
    /// <param name="errorCode">The <c>error.code</c> of the envelope, if the body had one.</param>
    /// <param name="errorMessage">The <c>error.message</c> of the envelope, if the body had one.</param>
    public TelephonyAuthenticationException(string? errorCode, string? errorMessage)
        : base(HttpStatusCode.Unauthorized, errorCode, errorMessage)
    {
    }
}
