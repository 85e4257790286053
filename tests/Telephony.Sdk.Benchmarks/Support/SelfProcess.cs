using System.Diagnostics;

namespace Telephony.Sdk.Benchmarks;

/// <summary>Starts this app again in another mode, through its apphost or through <c>dotnet</c>, as it was started.</summary>
internal static class SelfProcess
{
    public static ProcessStartInfo StartInfo(params string[] arguments) =>
        StartInfo(Environment.ProcessPath!, typeof(SelfProcess).Assembly.Location, arguments);

    /// <summary>Starts <paramref name="assemblyPath"/> with its apphost when there is one, else with <c>dotnet</c>.</summary>
    public static ProcessStartInfo StartInfo(string dotnetOrAppHost, string assemblyPath, params string[] arguments)
    {
        var start = new ProcessStartInfo { UseShellExecute = false };
        var appHost = Path.ChangeExtension(assemblyPath, OperatingSystem.IsWindows() ? ".exe" : null);
        if (File.Exists(appHost))
        {
            start.FileName = appHost;
        }
        else
        {
            start.FileName = Path.GetFileNameWithoutExtension(dotnetOrAppHost) == "dotnet" ? dotnetOrAppHost : "dotnet";
            start.ArgumentList.Add(assemblyPath);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
