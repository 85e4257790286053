using System.Text.Json;
using System.Text.Json.Serialization;


namespace Telephony.Sdk.Internal;

/// <summary>Source-generated JSON metadata: no reflection, so the SDK stays trim- and AOT-safe.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(AccountBalance))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class TelephonyJsonContext : JsonSerializerContext;
