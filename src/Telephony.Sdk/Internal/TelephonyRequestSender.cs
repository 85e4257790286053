using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Telephony.Sdk.Errors;

namespace Telephony.Sdk.Internal;

/// <summary>
/// Sends a request the SDK does not model yet through the same <see cref="HttpClient"/> (authentication and every
/// other handler) and the same error mapping as the typed operations.
/// </summary>
internal sealed class TelephonyRequestSender(TelephonyApiInvoker<ITelephonyApi> http)
{
    public async Task<TResult?> SendAsync<TResult>(
        HttpMethod method,
        string path,
        HttpContent? content,
        JsonTypeInfo<TResult> responseType,
        TelephonyRequestOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.RelativeOrAbsolute)) { Content = content };
        return await SendAsync(request, responseType, options, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TResult?> SendAsync<TResult>(
        HttpRequestMessage request,
        JsonTypeInfo<TResult> responseType,
        TelephonyRequestOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseType);

        // Replaced silently, a caller's key would send one customer's request with another's credentials.
        if (request.Headers.Authorization is not null)
        {
            throw new ArgumentException(
                "The request carries its own Authorization header; the SDK sends the key itself and never replaces a caller's. " +
                "To send another key for this call, pass it as TelephonyRequestOptions.ApiKey and leave Authorization unset.",
                nameof(request));
        }

        var httpClient = http.Get().Client;
        request.RequestUri = RelativeRequestUri.Resolve(
            httpClient.BaseAddress,
            request.RequestUri?.OriginalString ?? throw new ArgumentException("The request has no RequestUri; set a path relative to the API's base address.", nameof(request)));

        HttpResponseMessage response;
        try
        {
            response = await (options is null && PendingCallOptions.Current.Value is null
                ? httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                : PendingCallOptions.RunAsync(options, static s => s.httpClient.SendAsync(s.request, HttpCompletionOption.ResponseHeadersRead, s.cancellationToken), (httpClient, request, cancellationToken))).ConfigureAwait(false);
        }
        catch (Exception e) when (TransportFailures.ToTelephonyException(request, e, cancellationToken) is var mapped && mapped != e)
        {
            // Mapped as the typed operations' failures are (Refit's TransportExceptionFactory); the caller's cancellation
            // and the SDK's own exceptions pass through unchanged.
            throw mapped;
        }

        // Error statuses were thrown as typed exceptions by TelephonyResponseHandler.
        using (response)
        {
            return await ReadJsonAsync(response, responseType, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads a success response's JSON; <see langword="default"/> when the body is empty. The body is already in memory:
    /// <see cref="SuccessBodyBuffer"/> read it inside the attempt, within its limit.
    /// </summary>
    private static async ValueTask<TResult?> ReadJsonAsync<TResult>(
        HttpResponseMessage response, JsonTypeInfo<TResult> responseType, CancellationToken cancellationToken)
    {
        if (SuccessBody.IsEmpty(response))
        {
            return default;
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, responseType, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw SuccessBody.NotTheJsonExpected(response, e);
        }
    }
}
