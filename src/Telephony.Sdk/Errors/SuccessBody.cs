using System.Net;

namespace Telephony.Sdk.Errors;

/// <summary>The rules every success body follows, for modelled calls and <c>SendAsync</c> alike.</summary>
internal static class SuccessBody
{
    /// <summary>
    /// Whether the answer has no body: a HEAD answer (its Content-Length is that of the GET body it stands for, RFC 9110,
    /// 9.3.2), 204 No Content, or an empty body of any length encoding.
    /// </summary>
    public static bool IsEmpty(HttpResponseMessage response) =>
        response.RequestMessage?.Method == HttpMethod.Head || response.StatusCode == HttpStatusCode.NoContent ||
        response.Content.Headers.ContentLength is 0;

    /// <summary>The exception for a success body that could not be read as the JSON expected.</summary>
    public static TelephonyException NotTheJsonExpected(HttpResponseMessage response, Exception exception) => new(
        $"The response to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} ({(int)response.StatusCode}) " +
        $"was not the JSON expected: {exception.Message}",
        exception);

    public static TelephonyException TooLarge(HttpRequestMessage? request, long limit) => new(
        $"The response to {request?.Method} {request?.RequestUri?.AbsolutePath} is larger than TelephonyClientOptions.MaxResponseBytes " +
        $"({limit:N0} bytes); no more than that was read. Raise the setting if the endpoint really returns more.");
}
