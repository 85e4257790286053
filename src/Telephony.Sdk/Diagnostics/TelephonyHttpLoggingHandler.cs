using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Telephony.Sdk.Authentication;

namespace Telephony.Sdk.Diagnostics;

/// <summary>
/// Logs every attempt on the wire with method, path, status, duration and the redacted key. Replaces HttpClient's
/// default loggers, whose structured state carries header values (the bearer key included) even when the
/// formatted message redacts them. Unlike the factory's logging wrapper (<c>AddLogger</c>), which runs an async method
/// around every attempt, it lets an attempt pass straight through when none of its records could be written (neither
/// Debug nor Warning enabled for <c>Telephony.Sdk.Http</c>); with the usual Warning minimum it observes every attempt.
/// </summary>
internal sealed partial class TelephonyHttpLoggingHandler(ILogger logger) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        logger.IsEnabled(LogLevel.Debug) || logger.IsEnabled(LogLevel.Warning)
            ? SendLoggedAsync(request, cancellationToken)
            : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendLoggedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogSending(logger, request.Method.Method, request.RequestUri?.AbsolutePath, ApiKeyRedaction.Of(request));
        }

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogFailed(logger, request.Method.Method, request.RequestUri?.AbsolutePath, Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception.GetType().Name, ApiKeyRedaction.Of(request), exception);
            throw;
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogReceived(logger, (int)response.StatusCode, request.Method.Method, request.RequestUri?.AbsolutePath, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ApiKeyRedaction.Of(request));
        }

        return response;
    }


    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Sending {Method} {Path} (key {RedactedKey})")]
    private static partial void LogSending(ILogger logger, string method, string? path, string redactedKey);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Received {StatusCode} for {Method} {Path} in {ElapsedMs} ms (key {RedactedKey})")]
    private static partial void LogReceived(ILogger logger, int statusCode, string method, string? path, double elapsedMs, string redactedKey);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "{Method} {Path} failed after {ElapsedMs} ms: {ErrorType} (key {RedactedKey})")]
    private static partial void LogFailed(ILogger logger, string method, string? path, double elapsedMs, string errorType, string redactedKey, Exception exception);
}
