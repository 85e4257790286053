namespace Telephony.Sdk;

/// <summary>The key exceeded its rate limit (HTTP 429) and the retry budget is spent. <see cref="TelephonyApiException.RetryAfter"/> says when to try again.</summary>
public class TelephonyRateLimitException : TelephonyApiException
{
    internal const string Advice = "The key is over its rate limit (publishable keys 100 requests per minute, secret keys 1000 by default): slow down or ask Telephony.io for a higher limit";

    /// <summary>Initializes a new instance of the <see cref="TelephonyRateLimitException"/> class.</summary>
    public TelephonyRateLimitException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyRateLimitException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public TelephonyRateLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyRateLimitException"/> class with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TelephonyRateLimitException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyRateLimitException"/> class from what the server answered.</summary>
    /// <param name="error">The status, error envelope and response details.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public TelephonyRateLimitException(TelephonyApiError error)
        : base(error, Advice)
    {
    }
}
