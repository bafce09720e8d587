namespace Kizuna.Core.Features.Automation;

/// <summary>
/// One rule's run over one stored record: what it did. Unique per (rule, record), so a rule acts on
/// a record at most once however often the record is seen.
/// </summary>
public sealed class IngestRuleRun
{
    public const int MaxDetailLength = 500;

    private IngestRuleRun() { }

    public IngestRuleRun(Guid ruleId, Guid recordId, string outcome, Guid? copyRecordId, string? detail, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        RuleId = ruleId;
        RecordId = recordId;
        Outcome = outcome;
        CopyRecordId = copyRecordId;
        Detail = detail is { Length: > MaxDetailLength } d ? d[..MaxDetailLength] : detail;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid RuleId { get; private set; }
    /// <summary>The <see cref="Interop.StixObjectRecord"/> the rule matched.</summary>
    public Guid RecordId { get; private set; }
    /// <summary>One of <see cref="IngestRuleOutcomes"/>.</summary>
    public string Outcome { get; private set; } = "";
    /// <summary>The copy the rule made, if any.</summary>
    public Guid? CopyRecordId { get; private set; }
    public string? Detail { get; private set; }
    public DateTimeOffset At { get; private set; }
}

/// <summary>What a rule did with a record.</summary>
public static class IngestRuleOutcomes
{
    /// <summary>The actions ran (a copy made or already there, tags added, notification queued).</summary>
    public const string Applied = "applied";
    /// <summary>The copy would have reached a wider audience than the original (<see cref="CopyRule"/>): nothing was done.</summary>
    public const string CopyRefused = "copy-refused";
}

/// <summary>A tag (タグ) on a stored STIX record, kept beside the object so its JSON (and any signature over it) stays as sent.</summary>
public sealed class StixObjectTag
{
    private StixObjectTag() { }

    public StixObjectTag(Guid recordId, string tag, Guid? ruleId, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        RecordId = recordId;
        Tag = tag;
        RuleId = ruleId;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid RecordId { get; private set; }
    public string Tag { get; private set; } = "";
    /// <summary>The rule that added it.</summary>
    public Guid? RuleId { get; private set; }
    public DateTimeOffset At { get; private set; }
}
