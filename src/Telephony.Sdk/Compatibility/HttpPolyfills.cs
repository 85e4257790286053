using System.Net;
using System.Net.Http.Headers;
using Refit;
using System.Text.Json.Serialization;

namespace Telephony.Sdk.Compatibility;

/// <summary>The parts of <c>System.Net.Http</c> and Refit that .NET Framework lacks and the SDK reads.</summary>
internal static class HttpPolyfills
{
    extension(HttpStatusCode)
    {
        public static HttpStatusCode TooManyRequests => (HttpStatusCode)429;
    }

    extension(HttpHeaders headers)
    {
        /// <summary>The headers without parsing their values: <c>Contains</c> checks only the name on .NET Framework too.</summary>
        public HttpHeaders NonValidated => headers;
    }

    extension(RefitSettings)
    {
        /// <summary>
        /// Refit's <c>ForJsonContext</c> of its .NET 8 asset: the context's own options, whose resolver is the context, so a
        /// type it does not describe is refused instead of read by reflection.
        /// </summary>
        public static RefitSettings ForJsonContext(JsonSerializerContext context) =>
            new(new SystemTextJsonContentSerializer(context.Options));
    }
}
