using Kizuna.Stix;

namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>What the index needs of one item: where it comes from, its sector, time and marking, and its observables (empty: remove it).</summary>
public sealed record CorrelatedItem(string Kind, Guid Id, string SectorCode, string? Pseudonym, DateTimeOffset At, Tlp Tlp, bool IsExercise, IReadOnlyList<ObservableKey> Keys);
