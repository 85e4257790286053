using Telephony.Sdk.Internal;

namespace Telephony.Sdk;

/// <summary>Operations on the Telephony.io account that owns the API key. Reach it through <see cref="TelephonyClient.Account"/>.</summary>
public class AccountOperations
{
    private readonly TelephonyApiInvoker<ITelephonyApi>? _invoker;

    /// <summary>Initializes a new instance of the <see cref="AccountOperations"/> class for mocking.</summary>
    protected AccountOperations()
    {
    }

    internal AccountOperations(TelephonyApiInvoker<ITelephonyApi> invoker) => _invoker = invoker;

    /// <summary>Gets the account's current balance (<c>GET /account/balance</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The balance.</returns>
    /// <exception cref="TelephonyAuthenticationException">The API rejected the key (401).</exception>
    /// <exception cref="TelephonyApiException">The API answered with another error status.</exception>
    /// <exception cref="TelephonyException">The response could not be read, or the API could not be reached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        Invoker.InvokeAsync(static (api, ct) => api.GetBalanceAsync(ct), HttpMethod.Get, "account/balance", null, cancellationToken);

    /// <summary>Gets the account's current balance (<c>GET /account/balance</c>) with settings for this call, such as another customer's key.</summary>
    /// <param name="options">This call's settings: its key, time budget and headers.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The balance of the account that owns the call's key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="TelephonyAuthenticationException">The API rejected the key (401).</exception>
    /// <exception cref="TelephonyApiException">The API answered with another error status.</exception>
    /// <exception cref="TelephonyException">The call's key is invalid or not allowed here, the response could not be read, or the API could not be reached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<AccountBalance> GetBalanceAsync(TelephonyRequestOptions options, CancellationToken cancellationToken = default) =>
        Invoker.InvokeAsync(
            static (api, ct) => api.GetBalanceAsync(ct),
            HttpMethod.Get,
            "account/balance",
            options ?? throw new ArgumentNullException(nameof(options)),
            cancellationToken);

    private TelephonyApiInvoker<ITelephonyApi> Invoker =>
        _invoker ?? throw new InvalidOperationException("This instance was created for mocking; override the member you call.");
}
