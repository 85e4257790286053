using System.Net;
using System.Text;

namespace Telephony.Sdk;

/// <summary>
/// The Telephony.io API answered with an error status. Catch a subclass for a specific case
/// (<see cref="TelephonyAuthenticationException"/>, <see cref="TelephonyPermissionException"/>,
/// <see cref="TelephonyNotFoundException"/>, <see cref="TelephonyRateLimitException"/>,
/// <see cref="TelephonyServerException"/>) or this type for any error answer.
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

    /// <summary>Initializes a new instance of the <see cref="TelephonyApiException"/> class from a status and an error envelope.</summary>
    /// <param name="statusCode">The HTTP status the server answered with.</param>
    /// <param name="errorCode">The <c>error.code</c> of the envelope, if the body had one.</param>
    /// <param name="errorMessage">The <c>error.message</c> of the envelope, if the body had one.</param>
    public TelephonyApiException(HttpStatusCode statusCode, string? errorCode, string? errorMessage)
        : this(new TelephonyApiError { StatusCode = statusCode, ErrorCode = errorCode, ErrorMessage = errorMessage })
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyApiException"/> class from what the server answered.</summary>
    /// <param name="error">The status, error envelope and response details.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public TelephonyApiException(TelephonyApiError error)
        : this(error, advice: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyApiException"/> class with advice for the caller.</summary>
    /// <param name="error">The status, error envelope and response details.</param>
    /// <param name="advice">A sentence appended to the message saying what to do, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    protected TelephonyApiException(TelephonyApiError error, string? advice)
        : base(FormatMessage(error ?? throw new ArgumentNullException(nameof(error)), advice))
    {
        StatusCode = error.StatusCode;
        ErrorCode = error.ErrorCode;
        ErrorMessage = error.ErrorMessage;
        RequestId = error.RequestId;
        ResponseBody = error.ResponseBody;
        RetryAfter = error.RetryAfter;
    }

    /// <summary>Gets the HTTP status the server answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the machine-readable error code from the envelope (for example <c>unauthorized</c>), if any.</summary>
    public string? ErrorCode { get; }

    /// <summary>Gets the server's human-readable message from the envelope, or a description of a body that had none.</summary>
    public string? ErrorMessage { get; }

    /// <summary>Gets the request id the server sent, if any; quote it to Telephony.io support.</summary>
    public string? RequestId { get; }

    /// <summary>Gets a bounded excerpt of the response body, for diagnostics.</summary>
    public string? ResponseBody { get; }

    /// <summary>Gets how long the server asked the caller to wait before retrying, if it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <inheritdoc />
    /// <remarks>
    /// 408, 429 and every 5xx, as Microsoft.Extensions.Http.Resilience counts transient answers; also a
    /// <see cref="TelephonyRateLimitException"/> or <see cref="TelephonyServerException"/> made without a status.
    /// </remarks>
    public override bool IsTransient =>
        this is TelephonyRateLimitException or TelephonyServerException ||
        StatusCode is HttpStatusCode.RequestTimeout || StatusCode == HttpStatusCode.TooManyRequests || (int)StatusCode >= 500;

    private static string FormatMessage(TelephonyApiError error, string? advice)
    {
        var message = new StringBuilder()
            .Append((int)error.StatusCode).Append(' ').Append(ReasonPhrase(error.StatusCode)).Append(": ")
            .Append(string.IsNullOrWhiteSpace(error.ErrorMessage) ? "the server sent no error message" : error.ErrorMessage);
        if (error.ErrorCode is not null)
        {
            message.Append(" (code: ").Append(error.ErrorCode).Append(')');
        }

        if (error.RetryAfter is { } retryAfter)
        {
            message.Append(". Retry after ").Append(Math.Ceiling(retryAfter.TotalSeconds)).Append(" s");
        }

        if (advice is not null)
        {
            message.Append(". ").Append(advice);
        }

        if (error.RequestId is not null)
        {
            message.Append(" [request id: ").Append(error.RequestId).Append(']');
        }

        return message.ToString();
    }

    private static string ReasonPhrase(HttpStatusCode statusCode)
    {
        // HttpResponseMessage knows the standard reason phrase of every status code.
        using var response = new HttpResponseMessage(statusCode);
        return response.ReasonPhrase ?? "Unknown Status";
    }
}
