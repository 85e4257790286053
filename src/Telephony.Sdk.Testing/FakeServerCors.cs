using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace Telephony.Sdk.Testing;

/// <summary>
/// The CORS policy that lets a browser app (Blazor WebAssembly) call the fake: ASP.NET Core's CORS middleware with the
/// methods and request headers the SDK sends, and the response headers it reads exposed to the app.
/// </summary>
internal static class FakeServerCors
{
    /// <summary>Any origin.</summary>
    public const string AnyOrigin = "*";

    /// <summary>What the SDK and apps built on it send: every method <c>SendAsync</c> may use.</summary>
    public static readonly string[] AllowedMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    /// <summary>The request headers the SDK sets; a browser asks for them in the preflight.</summary>
    public static readonly string[] AllowedHeaders =
    [
        HeaderNames.Authorization, HeaderNames.ContentType, HeaderNames.Accept, "Idempotency-Key", HeaderNames.UserAgent,
        "X-Request-Id", HeaderNames.TraceParent, HeaderNames.TraceState,
    ];

    /// <summary>
    /// The response headers the SDK reads. A browser hides every response header outside the CORS safelist unless it is
    /// exposed, and a hidden <c>Retry-After</c> would make the SDK back off blindly.
    /// </summary>
    public static readonly string[] ExposedHeaders =
    [
        HeaderNames.RetryAfter, "X-Request-Id", HeaderNames.WWWAuthenticate,
        "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "RateLimit", "RateLimit-Policy",
    ];

    /// <summary>The policy for the configured origins, or <see langword="null"/> when there are none (no CORS).</summary>
    public static Action<CorsPolicyBuilder>? Policy(IEnumerable<string> origins)
    {
        var list = origins.Select(Normalize).ToArray();
        if (list.Length == 0)
        {
            return null;
        }

        return policy =>
        {
            if (list.Contains(AnyOrigin))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins(list);
            }

            policy.WithMethods(AllowedMethods)
                .WithHeaders(AllowedHeaders)
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        };
    }

    public static void Validate(IEnumerable<string> origins)
    {
        foreach (var origin in origins)
        {
            _ = Normalize(origin);
        }
    }

    // An origin is a scheme, a host and a port, as the browser sends it in the Origin header: no path, no trailing slash.
    private static string Normalize(string origin)
    {
        if (origin == AnyOrigin)
        {
            return origin;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
            uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new ArgumentException(
                $"'{origin}' is not an origin: use a scheme, host and optional port such as http://127.0.0.1:5000, or * for any origin.",
                nameof(TelephonyFakeServerOptions.CorsOrigins));
        }

        return uri.GetLeftPart(UriPartial.Authority);
    }
}
