using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Telephony.Sdk.Browser.Tests;

/// <summary>
/// Serves a published Blazor WebAssembly app (its <c>wwwroot</c>) on 127.0.0.1, as any static web host would, with one
/// change: <c>appsettings.json</c> gets the fake server's address as <c>Telephony:BaseAddress</c>. The key is served as
/// published.
/// </summary>
internal sealed class StaticAppHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticAppHost(WebApplication app, Uri origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>Gets the app's origin, e.g. <c>http://127.0.0.1:41234</c>, without a trailing slash.</summary>
    public Uri Origin { get; }

    /// <summary>Gets or sets the API address written into the served <c>appsettings.json</c>.</summary>
    public Uri? ApiBaseAddress { get; set; }

    public static async Task<StaticAppHost> StartAsync(string webRoot, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        StaticAppHost? host = null;
        var files = new PhysicalFileProvider(webRoot);
        // The framework's files include types the default map does not know (.dat, .blat): serve them as bytes.
        var staticFiles = new StaticFileOptions
        {
            FileProvider = files,
            ServeUnknownFileTypes = true,
            DefaultContentType = "application/octet-stream",
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
        };

        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/appsettings.json")
            {
                var settings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(webRoot, "appsettings.json"), context.RequestAborted))!;
                settings["Telephony"]!["BaseAddress"] = host!.ApiBaseAddress!.ToString();
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(settings.ToJsonString(), context.RequestAborted);
                return;
            }

            await next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(staticFiles);
        // Deep links (/own-key) are routes of the app: answer them with its page, as a static host's SPA fallback does.
        app.MapFallbackToFile("index.html", staticFiles);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host = new StaticAppHost(app, new Uri(new Uri(address).GetLeftPart(UriPartial.Authority)));
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
