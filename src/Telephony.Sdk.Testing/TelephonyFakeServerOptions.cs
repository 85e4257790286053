namespace Telephony.Sdk.Testing;

/// <summary>Settings for a <see cref="TelephonyFakeServer"/>.</summary>
public sealed class TelephonyFakeServerOptions
{
    /// <summary>
    /// Gets the keys the server accepts, each with the balance of its account. Any other key is answered with 401.
    /// </summary>
    /// <value>The default value holds <see cref="TelephonyFakeServer.PublishableTestKey"/> and <see cref="TelephonyFakeServer.SecretTestKey"/>.</value>
    public IDictionary<string, decimal> Keys { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        [TelephonyFakeServer.PublishableTestKey] = TelephonyFakeServer.DefaultBalance,
        [TelephonyFakeServer.SecretTestKey] = TelephonyFakeServer.DefaultBalance,
    };

    /// <summary>Gets or sets the port to listen on, on 127.0.0.1.</summary>
    /// <value>The default value is 0: a free port chosen by the operating system (see <see cref="TelephonyFakeServer.BaseAddress"/>).</value>
    public int Port { get; set; }
}
