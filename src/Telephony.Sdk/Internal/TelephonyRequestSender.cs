using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Telephony.Sdk.Errors;

namespace Telephony.Sdk.Internal;

/// <summary>
/// Sends a request the SDK does not model yet through the same <see cref="HttpClient"/> (authentication and every
/// other handler) and the same error mapping as the typed operations.
/// </summary>
internal sealed class TelephonyRequestSender(TelephonyApiInvoker http)
{
    public async Task<TResult?> SendAsync<TResult>(
        HttpMethod method,
        string path,
        HttpContent? content,
        JsonTypeInfo<TResult> responseType,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.RelativeOrAbsolute)) { Content = content };
        return await SendAsync(request, responseType, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TResult?> SendAsync<TResult>(
        HttpRequestMessage request,
        JsonTypeInfo<TResult> responseType,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseType);

        var httpClient = http.Get().Client;
        request.RequestUri = RelativeRequestUri.Resolve(
            httpClient.BaseAddress,
            request.RequestUri?.OriginalString ?? throw new ArgumentException("The request has no RequestUri; set a path relative to the API's base address.", nameof(request)));

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            throw TransportFailures.ToTelephonyException(request, e, cancellationToken);
        }

        // Error statuses were thrown as typed exceptions by TelephonyResponseHandler.
        using (response)
        {
            return await ReadJsonAsync(response, request, responseType, "the JSON expected", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The failures to get a response that <see cref="TransportFailures"/> maps; every other exception passes through.</summary>
    internal static bool IsTransportFailure(Exception exception) =>
        exception is HttpRequestException or OperationCanceledException or Polly.ExecutionRejectedException;

    /// <summary>
    /// Reads a success response's JSON; <see langword="default"/> when the body is empty. A body of known length is
    /// deserialized from the response stream; one of unknown length (chunked) is read whole first, to tell an empty
    /// body from a malformed one.
    /// </summary>
    internal static async ValueTask<TResult?> ReadJsonAsync<TResult>(
        HttpResponseMessage response, HttpRequestMessage request, JsonTypeInfo<TResult> responseType, string expected, CancellationToken cancellationToken)
    {
        var content = response.Content;
        var length = content.Headers.ContentLength;

        // 204 No Content, or an empty body of any length encoding (Content-Length: 0 or chunked).
        if (length == 0)
        {
            return default;
        }

        try
        {
            if (length is not null)
            {
                var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                return await JsonSerializer.DeserializeAsync(stream, responseType, cancellationToken).ConfigureAwait(false);
            }

            var body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return body.Length == 0 ? default : JsonSerializer.Deserialize(body, responseType);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw TransportFailures.LostWhileReading(request, e);
        }
        catch (JsonException e)
        {
            throw new TelephonyException(
                $"The response to {request.Method} {request.RequestUri?.AbsolutePath} ({(int)response.StatusCode}) was not {expected}: {e.Message}",
                e);
        }
    }
}
