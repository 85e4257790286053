using System.Text.Json;
using System.Text.Json.Serialization;

namespace Telephony.Sdk.Benchmarks;

/// <summary>Source-generated JSON metadata for the hand-written and Refit clients, as the SDK uses for its own.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BalanceResponse))]
internal sealed partial class BalanceJsonContext : JsonSerializerContext;
