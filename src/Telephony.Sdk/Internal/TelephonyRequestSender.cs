using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.DependencyInjection;
using Telephony.Sdk.Errors;

namespace Telephony.Sdk.Internal;

/// <summary>
/// Sends a request the SDK does not model yet through the same <see cref="HttpClient"/> (authentication and every
/// other handler) and the same error mapping as the typed operations.
/// </summary>
internal sealed class TelephonyRequestSender(IServiceProvider services, string name)
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

        var httpClient = ClientServices.HttpClient(services, TelephonyClientRegistration.HttpClientNameFor(name));
        request.RequestUri = RelativeRequestUri.Resolve(
            httpClient.BaseAddress,
            request.RequestUri?.OriginalString ?? throw new ArgumentException("The request has no RequestUri; set a path relative to the API's base address.", nameof(request)));

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or Polly.ExecutionRejectedException)
        {
            throw TransportFailures.ToTelephonyException(request, e, cancellationToken);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
                throw await ErrorResponseReader.CreateExceptionAsync(response, timeProvider, cancellationToken).ConfigureAwait(false);
            }

            return await ReadJsonAsync(response, request, responseType, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<TResult?> ReadJsonAsync<TResult>(
        HttpResponseMessage response, HttpRequestMessage request, JsonTypeInfo<TResult> responseType, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw TransportFailures.LostWhileReading(request, e);
        }

        // 204 No Content, or an empty body of any length encoding (Content-Length: 0 or chunked).
        if (body.Length == 0)
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize(body, responseType);
        }
        catch (JsonException e)
        {
            throw new TelephonyException(
                $"The response to {request.Method} {request.RequestUri?.AbsolutePath} ({(int)response.StatusCode}) was not the JSON expected: {e.Message}",
                e);
        }
    }
}
