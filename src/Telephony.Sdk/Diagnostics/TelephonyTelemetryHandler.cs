using System.Diagnostics;
using Telephony.Sdk.RateLimiting;

namespace Telephony.Sdk.Diagnostics;

/// <summary>
/// The outermost handler: one activity and one measurement per SDK call, covering its retries and waits. When no
/// listener samples the activity source and no meter listener enables the call instruments, the request passes
/// straight through: no timestamp, no tags, no asynchronous step.
/// </summary>
internal sealed class TelephonyTelemetryHandler(TelephonyTelemetry telemetry) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        TelephonyTelemetry.HasActivityListeners || telemetry.RecordsCalls
            ? SendObservedAsync(request, cancellationToken)
            : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendObservedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var activity = TelephonyTelemetry.StartCall(request);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Record(activity, request, (int)response.StatusCode, errorType: null, started, failed: false);
            return response;
        }
        catch (TelephonyApiException e) when (e.ErrorCode != ClientSideRejection.ErrorCode)
        {
            // The API answered: the status is what the call ended with, and the call failed (a 3xx too: it is not followed).
            Record(activity, request, (int)e.StatusCode, errorType: null, started, failed: true);
            throw;
        }
        catch (Exception e)
        {
            Record(activity, request, statusCode: null, e.GetType().Name, started, failed: true);
            throw;
        }
    }

    private void Record(Activity? activity, HttpRequestMessage request, int? statusCode, string? errorType, long started, bool failed)
    {
        // The key's tags are worked out once, for both the measurement and the activity.
        var keyTags = TelephonyTelemetry.KeyTags(request);
        telemetry.CallCompleted(keyTags, request, statusCode, errorType, Stopwatch.GetElapsedTime(started));
        if (activity is null)
        {
            return;
        }

        foreach (var tag in keyTags)
        {
            activity.SetTag(tag.Key, tag.Value);
        }

        activity.SetTag("http.request.method", request.Method.Method);
        activity.SetTag("url.path", request.RequestUri?.AbsolutePath);
        if (statusCode is { } status)
        {
            activity.SetTag("http.response.status_code", status);
        }

        if (failed)
        {
            activity.SetStatus(ActivityStatusCode.Error);
            activity.SetTag("error.type", errorType ?? statusCode!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
