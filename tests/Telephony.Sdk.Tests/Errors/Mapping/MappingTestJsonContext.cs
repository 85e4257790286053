using System.Text.Json.Serialization;

namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>Source-generated metadata for <c>SendAsync&lt;T&gt;</c>, as a consumer would write it.</summary>
[JsonSerializable(typeof(AccountBalance))]
internal sealed partial class MappingTestJsonContext : JsonSerializerContext;
