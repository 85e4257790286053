using System.Runtime.CompilerServices;

namespace System.Collections.Generic;

/// <summary>.NET 5's <c>ReferenceEqualityComparer</c>, for the linked tests on .NET Framework.</summary>
internal sealed class ReferenceEqualityComparer : IEqualityComparer<object?>
{
    public static ReferenceEqualityComparer Instance { get; } = new();

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

    public int GetHashCode(object? obj) => RuntimeHelpers.GetHashCode(obj!);
}
