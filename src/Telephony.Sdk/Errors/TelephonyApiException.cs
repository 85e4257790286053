using System.Net;

namespace Telephony.Sdk;

/// <summary>
/// The Telephony.io API answered with an error status. Carries the status, the error code and the server's message
/// from the documented envelope <c>{"error":{"code":"…","message":"…"}}</c>.
/// </summary>
public class TelephonyApiException : TelephonyException
{
    /// <summary>Initializes a new instance of the <see cref="TelephonyApiException"/> class.</summary>
    public TelephonyApiException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyApiException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public TelephonyApiException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyApiException"/> class with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TelephonyApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyApiException"/> class from an error response.</summary>
    /// <param name="statusCode">The HTTP status the server answered with.</param>
    /// <param name="errorCode">The <c>error.code</c> of the envelope, if the body had one.</param>
    /// <param name="errorMessage">The <c>error.message</c> of the envelope, if the body had one.</param>
    public TelephonyApiException(HttpStatusCode statusCode, string? errorCode, string? errorMessage)
        : base(FormatMessage(statusCode, errorCode, errorMessage))
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>Gets the HTTP status the server answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the machine-readable error code from the envelope (for example <c>unauthorized</c>), if any.</summary>
    public string? ErrorCode { get; }

    /// <summary>Gets the server's human-readable message from the envelope, if any.</summary>
    public string? ErrorMessage { get; }

    private static string FormatMessage(HttpStatusCode statusCode, string? errorCode, string? errorMessage)
    {
        var status = $"{(int)statusCode} {ReasonPhrase(statusCode)}";
        var text = string.IsNullOrWhiteSpace(errorMessage) ? "the server sent no error message" : errorMessage;
        return errorCode is null ? $"{status}: {text}" : $"{status}: {text} (code: {errorCode})";
    }

    private static string ReasonPhrase(HttpStatusCode statusCode)
    {
        // HttpResponseMessage knows the standard reason phrase of every status code.
        using var response = new HttpResponseMessage(statusCode);
        return response.ReasonPhrase ?? statusCode.ToString();
    }
}
