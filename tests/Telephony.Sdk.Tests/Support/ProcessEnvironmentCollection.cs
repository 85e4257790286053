namespace Telephony.Sdk.Tests.Support;

/// <summary>
/// Tests that read or change process environment variables (<c>TELEPHONY_API_KEY</c>). They run alone, never in
/// parallel with any other test, so no other test sees a variable they set.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}
