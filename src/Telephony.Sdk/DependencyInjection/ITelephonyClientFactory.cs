namespace Telephony.Sdk;

/// <summary>Gives the named <see cref="TelephonyClient"/> instances registered with <c>AddTelephonyClient(name, …)</c>.</summary>
public interface ITelephonyClientFactory
{
    /// <summary>Gets the client registered under <paramref name="name"/>; an empty name gives the default client.</summary>
    /// <param name="name">The name given to <c>AddTelephonyClient(name, …)</c>.</param>
    /// <returns>The client: a shared, thread-safe instance owned by the container.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">No client is registered under <paramref name="name"/>.</exception>
    TelephonyClient CreateClient(string name);
}
