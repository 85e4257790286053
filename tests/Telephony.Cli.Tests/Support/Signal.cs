using System.Diagnostics;

namespace Telephony.Cli.Tests.Support;

/// <summary>Sends SIGTERM, as <c>kill</c>, a container runtime or a CI runner does (.NET itself can only send SIGKILL).</summary>
internal static class Signal
{
    public static void Terminate(int processId)
    {
        using var kill = Process.Start("kill", ["-TERM", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
