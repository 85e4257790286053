using System.Diagnostics;
using System.Text;

namespace Telephony.Sdk.Tests.Samples;

/// <summary>A sample started by <see cref="SampleProcess.StartAsync"/>: its output so far; disposing it stops the process.</summary>
internal sealed class RunningSample(Process process) : IDisposable
{
    public Process Process { get; } = process;

    public StringBuilder Output { get; } = new();

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }
}
