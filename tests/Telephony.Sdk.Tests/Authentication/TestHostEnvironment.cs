using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// The host environment a Generic Host would register, with a name chosen by the test. Registering one also keeps
/// the tests independent of DOTNET_ENVIRONMENT / ASPNETCORE_ENVIRONMENT on the machine running them.
/// </summary>
internal sealed class TestHostEnvironment(string environmentName) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = environmentName;

    public string ApplicationName { get; set; } = "Telephony.Sdk.Tests";

    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
