namespace Telephony.Sdk;

/// <summary>
/// The client's settings are invalid (found when the first call is made, in an app that does not validate options
/// at startup). The message names the setting and how to fix it; it never contains a key.
/// </summary>
public class TelephonyConfigurationException : TelephonyException
{
    /// <summary>Initializes a new instance of the <see cref="TelephonyConfigurationException"/> class.</summary>
    public TelephonyConfigurationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyConfigurationException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public TelephonyConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyConfigurationException"/> class with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TelephonyConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
