using System.Net;
using Microsoft.Extensions.Logging;

namespace Telephony.Sdk.Authentication;

/// <summary>
/// The overlap while keys are rotated: a 401 to the primary key is retried once, at once, with the secondary key that the
/// authentication handler put in the request's options. The retry step asks <see cref="For"/> and calls <see cref="Switch"/>.
/// </summary>
internal static class SecondaryKeyRetry
{
    /// <summary>The secondary key to retry a 401 with; <see langword="null"/> when there is none or it was the one refused.</summary>
    public static RequestKey? For(HttpResponseMessage? response, HttpRequestMessage? request) =>
        response is { StatusCode: HttpStatusCode.Unauthorized } && request is not null &&
        request.Options.TryGetValue(RequestKey.Secondary, out var secondary) && RequestKey.Of(request) != secondary
            ? secondary
            : null;

    /// <summary>Sends <paramref name="request"/> with <paramref name="secondary"/> from now on, and says so in the log.</summary>
    public static void Switch(HttpRequestMessage request, RequestKey secondary, ILogger logger, string clientName)
    {
        AuthenticationLog.PrimaryKeyRejected(logger, RequestKey.Of(request)?.Key.Redacted ?? "(none)", secondary.Key.Redacted, clientName);
        secondary.Use(request);
    }
}
