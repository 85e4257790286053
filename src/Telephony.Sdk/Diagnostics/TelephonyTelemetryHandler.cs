using System.Diagnostics;

namespace Telephony.Sdk.Diagnostics;

/// <summary>
/// The outermost handler: one activity and one measurement per SDK call, covering its retries and waits.
/// </summary>
internal sealed class TelephonyTelemetryHandler(TelephonyTelemetry telemetry) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var activity = TelephonyTelemetry.StartCall(request);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Record(activity, request, (int)response.StatusCode, errorType: null, started);
            return response;
        }
        catch (Exception e)
        {
            Record(activity, request, statusCode: null, e.GetType().Name, started);
            throw;
        }
    }

    private void Record(Activity? activity, HttpRequestMessage request, int? statusCode, string? errorType, long started)
    {
        telemetry.CallCompleted(request, statusCode, errorType, Stopwatch.GetElapsedTime(started));
        if (activity is null)
        {
            return;
        }

        foreach (var tag in TelephonyTelemetry.KeyTags(request))
        {
            activity.SetTag(tag.Key, tag.Value);
        }

        activity.SetTag("http.request.method", request.Method.Method);
        activity.SetTag("url.path", request.RequestUri?.AbsolutePath);
        if (statusCode is { } status)
        {
            activity.SetTag("http.response.status_code", status);
        }

        if (errorType is not null || statusCode >= 400)
        {
            activity.SetStatus(ActivityStatusCode.Error);
            activity.SetTag("error.type", errorType ?? statusCode!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
