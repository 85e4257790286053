using System.Globalization;

namespace Telephony.Sdk;

/// <summary>The balance of a Telephony.io account, as returned by <c>GET /account/balance</c>.</summary>
/// <remarks>Fields the API adds later are ignored, so new server versions do not break existing callers.</remarks>
public sealed class AccountBalance
{
    /// <summary>Gets the account balance. Money is a <see cref="decimal"/>, never a floating-point number.</summary>
    /// <remarks>A response without a balance is an error, never a silent zero.</remarks>
    public required decimal Balance { get; init; }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"Balance: {Balance}");
}
