using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;
using Telephony.Sdk.Authentication;

namespace Telephony.Sdk.Diagnostics;

/// <summary>
/// Logs every attempt on the wire with method, path, status, duration and the redacted key. Replaces HttpClient's
/// default loggers, whose structured state carries header values (the bearer key included) even when the
/// formatted message redacts them.
/// </summary>
internal sealed partial class TelephonyHttpClientLogger(ILogger logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogSending(logger, request.Method.Method, request.RequestUri?.AbsolutePath, Redacted(request));
        }

        return null;
    }

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogReceived(logger, (int)response.StatusCode, request.Method.Method, request.RequestUri?.AbsolutePath, elapsed.TotalMilliseconds, Redacted(request));
        }
    }

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        LogFailed(logger, request.Method.Method, request.RequestUri?.AbsolutePath, elapsed.TotalMilliseconds, exception.GetType().Name, Redacted(request), exception);

    private static string Redacted(HttpRequestMessage request) => ApiKeyRedaction.Redact(request.Headers.Authorization?.Parameter);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Sending {Method} {Path} (key {RedactedKey})")]
    private static partial void LogSending(ILogger logger, string method, string? path, string redactedKey);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Received {StatusCode} for {Method} {Path} in {ElapsedMs} ms (key {RedactedKey})")]
    private static partial void LogReceived(ILogger logger, int statusCode, string method, string? path, double elapsedMs, string redactedKey);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "{Method} {Path} failed after {ElapsedMs} ms: {ErrorType} (key {RedactedKey})")]
    private static partial void LogFailed(ILogger logger, string method, string? path, double elapsedMs, string errorType, string redactedKey, Exception exception);
}
