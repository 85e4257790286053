namespace Telephony.Sdk;

/// <summary>Where the app using the SDK runs, which decides the keys it may use.</summary>
public enum TelephonyClientMode
{
    /// <summary>A backend service: any key is accepted (secret keys belong here).</summary>
    Server = 0,

    /// <summary>
    /// An app that runs on users' devices (browser, phone, desktop): only publishable keys (<c>pk_…</c>) are accepted,
    /// because anyone can extract a key from such an app.
    /// </summary>
    Client,
}
