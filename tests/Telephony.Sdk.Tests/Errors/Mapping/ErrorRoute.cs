namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>The two public ways to reach <c>GET /api/account/balance</c>: the typed operation (Refit) and <c>SendAsync</c>.</summary>
public enum ErrorRoute
{
    GetBalance,
    SendAsync,
}

internal static class ErrorRoutes
{
    public static ErrorRoute[] All { get; } = [ErrorRoute.GetBalance, ErrorRoute.SendAsync];

    public static async Task InvokeAsync(TelephonyClient client, ErrorRoute route, CancellationToken cancellationToken)
    {
        if (route == ErrorRoute.GetBalance)
        {
            await client.Account.GetBalanceAsync(cancellationToken);
        }
        else
        {
            await client.SendAsync(HttpMethod.Get, "account/balance", content: null, cancellationToken);
        }
    }
}
