using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Telephony.Samples.Blazor;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// The "Telephony" section of wwwroot/appsettings.json: a publishable key (pk_…) and the API's address. Everything in
// wwwroot is downloaded by every visitor, so a secret key (sk_…) must never be there; the build refuses one (TEL1003).
builder.Services.AddTelephonyClient(builder.Configuration.GetSection("Telephony"));

await builder.Build().RunAsync();
