namespace Telephony.Sdk;

/// <summary>Whether a Telephony.io API key acts on live data or in test mode, read from its prefix.</summary>
public enum TelephonyApiKeyEnvironment
{
    /// <summary>A key whose prefix names no known environment.</summary>
    Unknown = 0,

    /// <summary>A live-mode key (<c>pk_live_…</c>, <c>sk_live_…</c>).</summary>
    Live,

    /// <summary>A test-mode key (<c>pk_test_…</c>, <c>sk_test_…</c>).</summary>
    Test,
}
