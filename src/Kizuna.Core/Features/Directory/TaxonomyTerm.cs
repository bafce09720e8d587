namespace Kizuna.Core.Features.Directory;

/// <summary>
/// One term of a reference taxonomy: event types and cause types (別紙3 事象・原因), severity
/// levels (深刻度) and severity axes. Categories hold the terms below them through <see cref="ParentCode"/>.
/// </summary>
public sealed class TaxonomyTerm
{
    public const string EventType = "event-type";
    public const string CauseType = "cause-type";
    public const string Severity = "severity";
    public const string SeverityAxis = "severity-axis";

    public static readonly IReadOnlyList<string> Schemes = [EventType, CauseType, Severity, SeverityAxis];

    private TaxonomyTerm() { }

    public TaxonomyTerm(string scheme, string code, string? parentCode, bool isCategory, string plan)
    {
        Id = Guid.CreateVersion7();
        Scheme = scheme;
        Code = code;
        ParentCode = parentCode;
        IsCategory = isCategory;
        Plan = plan;
    }

    public Guid Id { get; private set; }
    public string Scheme { get; private set; } = "";
    public string Code { get; private set; } = "";
    public string? ParentCode { get; private set; }
    public bool IsCategory { get; private set; }
    public string NameJa { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public int SortOrder { get; private set; }
    public string Plan { get; private set; } = "";

    public void Edit(string nameJa, string nameEn, int sortOrder)
    {
        NameJa = nameJa.Trim();
        NameEn = nameEn.Trim();
        SortOrder = sortOrder;
    }
}
