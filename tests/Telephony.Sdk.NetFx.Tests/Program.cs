using System.Runtime.InteropServices;

namespace Telephony.Sdk.Tests;

/// <summary>
/// The entry point xunit.v3 would generate, plus an exit that Mono 6.8 survives: when <c>Main</c> returns, Mono aborts
/// the background threads, and an abort that lands while its timer thread sorts its timers escapes as an unhandled
/// <see cref="InvalidOperationException"/> ("Failed to compare two elements in the array"), so a run whose tests all
/// passed exits 1. <see cref="Environment.Exit(int)"/> can hang there instead, so on Mono the process ends with the
/// C library's <c>_exit</c> once the runner has returned and its output is flushed.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var exitCode = args.Any(arg => arg is "-automated" or "@@")
            ? Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult()
            : Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions)
                .GetAwaiter().GetResult();
        if (Type.GetType("Mono.Runtime") is null)
        {
            return exitCode;
        }

        Console.Out.Flush();
        Console.Error.Flush();
        ExitWithoutRuntimeShutdown(exitCode);
        return exitCode;
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitWithoutRuntimeShutdown(int status);
}
