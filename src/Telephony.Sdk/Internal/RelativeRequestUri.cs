namespace Telephony.Sdk.Internal;

/// <summary>
/// Resolves a caller-supplied path under the API's base address, and refuses anything that would leave it: the
/// bearer key must only ever be sent to the configured API.
/// </summary>
internal static class RelativeRequestUri
{
    public static Uri Resolve(Uri? baseAddress, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (baseAddress is null || !baseAddress.IsAbsoluteUri)
        {
            throw new InvalidOperationException("The SDK's HttpClient has no absolute BaseAddress; set TelephonyClientOptions.BaseAddress.");
        }

        if (path.Contains("://", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The path must be relative to the API's base address, such as \"account/balance\"; \"{path}\" names another location.",
                nameof(path));
        }

        var root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        var target = new Uri(root, path.TrimStart('/'));
        if (!root.IsBaseOf(target) || !target.AbsolutePath.StartsWith(root.AbsolutePath, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The path \"{path}\" leaves the API's base address {root.AbsolutePath}; use a path below it, without \"..\".",
                nameof(path));
        }

        return target;
    }
}
