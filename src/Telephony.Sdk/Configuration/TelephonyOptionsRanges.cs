using Microsoft.Extensions.Options;

namespace Telephony.Sdk.Configuration;

/// <summary>The ranges declared as attributes on the options classes, checked by source-generated code (trim- and AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class TelephonyOptionsRanges : IValidateOptions<TelephonyClientOptions>;
