namespace Telephony.Sdk.Tests.Support;

/// <summary>Remembers an environment variable's value and puts it back on dispose.</summary>
internal sealed class EnvironmentVariableScope(string name) : IDisposable
{
    private readonly string? _original = Environment.GetEnvironmentVariable(name);

    public void Set(string? value) => Environment.SetEnvironmentVariable(name, value);

    public void Dispose() => Environment.SetEnvironmentVariable(name, _original);
}
