using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Configuration;

namespace Telephony.Sdk.Diagnostics;

/// <summary>
/// Logs every attempt on the wire with the client's name, method, path, status, duration and the redacted key, and
/// warns when the API rejects the key (401). Replaces HttpClient's default loggers, whose structured state carries
/// header values (the bearer key included) even when the formatted message redacts them. Unlike the factory's logging
/// wrapper (<c>AddLogger</c>), which runs an async method around every attempt, it lets an attempt pass straight
/// through when none of its records could be written (neither Debug nor Warning enabled for <c>Telephony.Sdk.Http</c>);
/// with the usual Warning minimum it observes every attempt.
/// </summary>
/// <remarks>
/// A refused connection, a reset or an attempt that timed out is an expected failure: it is retried and ends in a
/// <see cref="TelephonyConnectionException"/> or <see cref="TelephonyTimeoutException"/> that carries the cause, so its
/// warning is one line; the stack trace is attached only when Debug is enabled. Any other exception keeps its stack trace.
/// </remarks>
internal sealed partial class TelephonyHttpLoggingHandler(ILogger logger, TelephonyClientDescription client) : DelegatingHandler
{
    private readonly string _clientName = client.LogName;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        logger.IsEnabled(LogLevel.Debug) || logger.IsEnabled(LogLevel.Warning)
            ? SendLoggedAsync(request, cancellationToken)
            : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendLoggedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var debug = logger.IsEnabled(LogLevel.Debug);
        if (debug)
        {
            LogSending(logger, request.Method.Method, request.RequestUri?.AbsolutePath, _clientName, ApiKeyRedaction.Of(request));
        }

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogFailed(
                logger,
                request.Method.Method,
                request.RequestUri?.AbsolutePath,
                _clientName,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                exception.GetType().Name,
                exception.Message,
                ApiKeyRedaction.Of(request),
                debug || !IsExpected(exception) ? exception : null);
            throw;
        }

        if (debug)
        {
            LogReceived(logger, (int)response.StatusCode, request.Method.Method, request.RequestUri?.AbsolutePath, _clientName, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ApiKeyRedaction.Of(request));
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            LogKeyRejected(logger, request.Method.Method, request.RequestUri?.AbsolutePath, ApiKeyRedaction.Of(request), _clientName, client.KeySetting);
        }

        return response;
    }

    /// <summary>A failure of the network or of the attempt's time, which the caller receives as a typed exception with its cause.</summary>
    private static bool IsExpected(Exception exception) =>
        exception is HttpRequestException or IOException or SocketException or OperationCanceledException or TimeoutException;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Sending {Method} {Path} (client {ClientName}, key {RedactedKey})")]
    private static partial void LogSending(ILogger logger, string method, string? path, string clientName, string redactedKey);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Received {StatusCode} for {Method} {Path} (client {ClientName}) in {ElapsedMs} ms (key {RedactedKey})")]
    private static partial void LogReceived(ILogger logger, int statusCode, string method, string? path, string clientName, double elapsedMs, string redactedKey);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "{Method} {Path} (client {ClientName}) failed after {ElapsedMs} ms: {ErrorType}: {ErrorMessage} (key {RedactedKey})")]
    private static partial void LogFailed(ILogger logger, string method, string? path, string clientName, double elapsedMs, string errorType, string errorMessage, string redactedKey, Exception? exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "{Method} {Path}: the API rejected the key {RedactedKey} of client {ClientName} (401 Unauthorized); check {KeySetting}")]
    private static partial void LogKeyRejected(ILogger logger, string method, string? path, string redactedKey, string clientName, string keySetting);
}
