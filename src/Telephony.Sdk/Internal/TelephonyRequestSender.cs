using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Errors;

namespace Telephony.Sdk.Internal;

/// <summary>
/// Sends a request the SDK does not model yet through the same <see cref="HttpClient"/> (authentication and every
/// other handler) and the same error mapping as the typed operations.
/// </summary>
internal sealed class TelephonyRequestSender(IServiceProvider services)
{
    public async Task<TResult?> SendAsync<TResult>(
        HttpMethod method,
        string path,
        HttpContent? content,
        JsonTypeInfo<TResult> responseType,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(responseType);

        var httpClient = services.GetRequiredService<IHttpClientFactory>()
            .CreateClient(TelephonyServiceCollectionExtensions.HttpClientName);
        using var request = new HttpRequestMessage(method, RelativeRequestUri.Resolve(httpClient.BaseAddress, path)) { Content = content };

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
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
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return response.Content.Headers.ContentLength == 0
                    ? default
                    : await JsonSerializer.DeserializeAsync(stream, responseType, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new TelephonyException(
                    $"The response to {request.Method} {request.RequestUri?.AbsolutePath} ({(int)response.StatusCode}) was not the JSON expected: {e.Message}",
                    e);
            }
            catch (HttpRequestException e)
            {
                throw TransportFailures.ToTelephonyException(request, e, cancellationToken);
            }
        }
    }
}
