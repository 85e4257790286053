using Microsoft.Extensions.Hosting;

namespace Telephony.Sdk.Testing;

/// <summary>
/// The fake's web host lifetime: it starts and stops when the fake is started and disposed, and does not take the
/// process's Ctrl+C, SIGINT and SIGTERM. The default console lifetime would take them to stop the host and cancel the
/// signal, so an app that runs the fake until it is killed (<c>await Task.Delay(Timeout.Infinite)</c>) would lose its
/// server and go on waiting; the fake is a library inside someone else's process, whose signals are the app's to handle.
/// </summary>
internal sealed class ProcessSignalsLeftAlone : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
