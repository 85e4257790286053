using Telephony.Samples.ClientApp;

return await ClientApp.RunAsync(Console.Out);
