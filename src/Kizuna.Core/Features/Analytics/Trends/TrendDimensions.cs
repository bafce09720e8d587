namespace Kizuna.Core.Features.Analytics.Trends;

/// <summary>
/// What a trend can be broken down by. <c>sector</c> and <c>severity</c> split the reports (each
/// report has one); <c>event_type</c> and <c>cause_type</c> are multi-valued, so a report counts
/// once for each type it names.
/// </summary>
public static class TrendDimensions
{
    public const string Sector = "sector";
    public const string EventType = "event_type";
    public const string CauseType = "cause_type";
    public const string Severity = "severity";
    public static readonly IReadOnlyList<string> All = [Sector, EventType, CauseType, Severity];

    /// <summary>Whether every report falls in exactly one value of the dimension.</summary>
    public static bool Partitions(string dimension) => dimension is Sector or Severity;
}

/// <summary>One value a dimension takes, with its labels.</summary>
public sealed record DimensionValue(string Code, string NameJa, string NameEn);

/// <summary>A dimension and the values it takes for this viewer (sectors limited to the viewer's scope).</summary>
public sealed record TrendDimension(string Name, IReadOnlyList<DimensionValue> Values);
