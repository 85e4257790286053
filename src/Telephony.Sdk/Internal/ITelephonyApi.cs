using Refit;


namespace Telephony.Sdk.Internal;

/// <summary>
/// The wire contract of the Telephony.io API. Paths are relative to <see cref="TelephonyClientOptions.BaseAddress"/>.
/// It stays internal: callers use the <see cref="TelephonyClient"/> façade, so Refit never shows in the public API. A
/// call's <see cref="TelephonyRequestOptions"/> reach the request through the invoker (<see cref="PendingCallOptions"/>).
/// </summary>
internal interface ITelephonyApi
{
    [Get("/account/balance")]
    Task<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken);
}
