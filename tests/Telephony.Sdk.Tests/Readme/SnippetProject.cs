namespace Telephony.Sdk.Tests.Readme;

/// <summary>The kind of project a documentation block is pasted into, which decides its implicit usings.</summary>
internal enum SnippetProject
{
    /// <summary><c>dotnet new console</c>.</summary>
    Console,

    /// <summary><c>dotnet new web</c> (Microsoft.NET.Sdk.Web).</summary>
    Web,
}
