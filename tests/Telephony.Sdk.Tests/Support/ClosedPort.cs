using System.Net;
using System.Net.Sockets;

namespace Telephony.Sdk.Tests.Support;

/// <summary>Finds a port on 127.0.0.1 that nothing listens on, so a connection to it is refused.</summary>
internal static class ClosedPort
{
    /// <summary>Returns <c>http://127.0.0.1:&lt;closed port&gt;/api/</c>.</summary>
    public static Uri ApiBaseAddress()
    {
        // The operating system hands out a free port; closing the listener leaves it free and closed.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/api/");
    }
}
