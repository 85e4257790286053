namespace Telephony.Sdk;

/// <summary>The kind of a Telephony.io API key, read from its prefix.</summary>
public enum TelephonyApiKeyKind
{
    /// <summary>A key whose prefix the SDK does not know; accepted on servers, refused in client apps.</summary>
    Unknown = 0,

    /// <summary>A publishable, client-side key (<c>pk_…</c>): limited permissions, safe in browsers and mobile apps.</summary>
    Publishable,

    /// <summary>A secret, server-side key (<c>sk_…</c>): full access; never ship it in a client app.</summary>
    Secret,
}
