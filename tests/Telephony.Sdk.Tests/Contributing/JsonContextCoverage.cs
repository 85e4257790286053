using System.Reflection;
using System.Text.Json.Serialization;
using Refit;

namespace Telephony.Sdk.Tests.Contributing;

/// <summary>The types a Refit contract reads or writes as JSON that a source-generated JSON context has no metadata for.</summary>
internal static class JsonContextCoverage
{
    public static IReadOnlyList<Type> Missing(Type contract, JsonSerializerContext context)
    {
        var models = new HashSet<Type>();
        foreach (var method in contract.GetMethods())
        {
            if (method.ReturnType is { IsGenericType: true } returned && returned.GetGenericTypeDefinition() == typeof(Task<>))
            {
                models.Add(returned.GetGenericArguments()[0]);
            }

            foreach (var parameter in method.GetParameters().Where(p => p.GetCustomAttribute<BodyAttribute>() is not null))
            {
                models.Add(parameter.ParameterType);
            }
        }

        models.RemoveWhere(t => t == typeof(HttpResponseMessage) || t == typeof(HttpContent) || t == typeof(Stream) || t == typeof(string));
        return [.. models.Where(t => context.GetTypeInfo(t) is null).OrderBy(t => t.FullName, StringComparer.Ordinal)];
    }
}
