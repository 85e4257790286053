using System.Text.Json.Serialization.Metadata;
using Telephony.Sdk.Errors;

namespace Telephony.Sdk.Internal;

/// <summary>
/// Runs the calls the SDK models (<see cref="AccountOperations"/>): the same handlers, retries and error mapping as
/// <see cref="TelephonyClient.SendAsync(HttpRequestMessage, CancellationToken)"/>, with the request's address resolved
/// once per client and a single asynchronous step per call.
/// </summary>
internal sealed class TelephonyApiInvoker(IServiceProvider services, CachedHttpClient http)
{
    public async Task<TResult> GetAsync<TResult>(string relativePath, JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken)
        where TResult : class
    {
        var lease = http.Get();
        using var request = new HttpRequestMessage(HttpMethod.Get, lease.Resolve(relativePath));
        HttpResponseMessage response;
        try
        {
            response = await lease.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (TelephonyRequestSender.IsTransportFailure(e))
        {
            throw TransportFailures.ToTelephonyException(request, e, cancellationToken);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await TelephonyRequestSender.ErrorAsync(services, response, cancellationToken).ConfigureAwait(false);
            }

            var result = await TelephonyRequestSender.ReadJsonAsync(response, request, resultType, "the JSON the SDK expected", cancellationToken)
                .ConfigureAwait(false);

            // An empty body (or a JSON null) on a success status is a broken response, never a default value.
            return result ?? throw new TelephonyException(
                $"The response to {request.Method} {request.RequestUri?.AbsolutePath} had an empty body where a JSON object was expected.");
        }
    }
}
