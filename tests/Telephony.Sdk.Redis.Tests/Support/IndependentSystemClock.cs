namespace Telephony.Sdk.Redis.Tests.Support;

/// <summary>
/// The system clock as a separate instance. The SDK keeps its per-key limiters per <see cref="TimeProvider"/> instance,
/// so client stacks on separate instances share no in-process state, as separate processes would not.
/// </summary>
internal sealed class IndependentSystemClock : TimeProvider;
