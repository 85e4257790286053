using Telephony.Samples.Quickstart;

return await QuickstartApp.RunAsync(Environment.GetEnvironmentVariable, Console.Out, Console.Error);
