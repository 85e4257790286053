using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Telephony.Sdk.Internal;

/// <summary>
/// Runs one call on the wire contract. The Refit client (and with it the <see cref="HttpClient"/>) is taken from the
/// container per call, so a long-lived <see cref="TelephonyClient"/> never pins a handler past its rotation.
/// </summary>
internal sealed class TelephonyApiInvoker(IServiceProvider services, string name)
{
    public async Task<TResult> InvokeAsync<TResult>(
        Func<ITelephonyApi, CancellationToken, Task<TResult>> call,
        HttpMethod method,
        string relativePath,
        CancellationToken cancellationToken)
        where TResult : class
    {
        var api = ClientServices.Api(services, name);
        TResult? result = await call(api, cancellationToken).ConfigureAwait(false);

        // Refit turns an empty 200 body into null: that is a broken response, never a default value.
        return result ?? throw new TelephonyException(
            $"The response to {method} {AbsolutePath(relativePath)} had an empty body where a JSON object was expected.");
    }

    private string AbsolutePath(string relativePath)
    {
        var baseAddress = services.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>().Get(name).BaseAddress;
        return RelativeRequestUri.Resolve(baseAddress, relativePath).AbsolutePath;
    }
}
