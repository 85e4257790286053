using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Telephony.Sdk.Configuration;

/// <summary>
/// A <see cref="TimeSpan"/> setting's range. Hand-written, as Microsoft.Extensions.Http.Resilience has its own:
/// <c>[Range(typeof(TimeSpan), …)]</c> on a property is a trim warning in every NativeAOT app that uses the SDK.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TimeSpanRangeAttribute(string minimum, string maximum) : ValidationAttribute("The field {0} must be between {1} and {2}.")
{
    public TimeSpan Minimum { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    public TimeSpan Maximum { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    public override bool IsValid(object? value) => value is not TimeSpan span || (span >= Minimum && span <= Maximum);

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.InvariantCulture, ErrorMessageString, name, Minimum, Maximum);
}
