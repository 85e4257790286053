using Refit;


namespace Telephony.Sdk.Internal;

/// <summary>
/// The wire contract of the Telephony.io API. Paths are relative to <see cref="TelephonyClientOptions.BaseAddress"/>.
/// It stays internal: callers use the <see cref="TelephonyClient"/> façade, so Refit never shows in the public API. Every
/// method takes the call's <see cref="TelephonyRequestOptions"/> as a request property, where the handlers read it.
/// </summary>
internal interface ITelephonyApi
{
    [Get("/account/balance")]
    Task<AccountBalance> GetBalanceAsync([Property(TelephonyRequestOptions.PropertyName)] TelephonyRequestOptions? options, CancellationToken cancellationToken);
}
