using WireMock;

namespace Telephony.Sdk.Tests.Support;

/// <summary>Reads what was on the wire from a request recorded by WireMock.</summary>
internal static class RequestMessageExtensions
{
    /// <summary>Gets every value of a header (names compared case-insensitively, as HTTP does); empty when absent.</summary>
    public static IReadOnlyList<string> HeaderValues(this IRequestMessage request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers?
            .Where(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            .SelectMany(header => header.Value)
            .ToList() ?? [];
    }
}
