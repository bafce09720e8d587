namespace Kizuna.Core.Features.Automation;

/// <summary>Limits of automation (ingest rules and indicator extraction), bound from the <c>Automation</c> section and checked at start-up.</summary>
public sealed class AutomationOptions
{
    public const string Section = "Automation";

    /// <summary>Most rules the server holds (400 when creating one more).</summary>
    public int MaxRules { get; set; } = 200;

    /// <summary>How many of the newest objects a rule preview is tried against.</summary>
    public int PreviewObjects { get; set; } = 200;

    /// <summary>Most objects listed in one rule notification (the rest are counted).</summary>
    public int MaxObjectsPerNotice { get; set; } = 50;

    /// <summary>Largest free text accepted for indicator extraction, in characters (400 above).</summary>
    public int MaxExtractTextLength { get; set; } = 100_000;

    /// <summary>Most indicators returned (and saved) from one extraction.</summary>
    public int MaxExtractedIndicators { get; set; } = 1_000;

    public IReadOnlyList<string> Problems()
    {
        var found = new List<string>();
        if (MaxRules is < 1 or > 10_000) found.Add("Automation:MaxRules must be between 1 and 10000.");
        if (PreviewObjects is < 1 or > 10_000) found.Add("Automation:PreviewObjects must be between 1 and 10000.");
        if (MaxObjectsPerNotice is < 1 or > 1_000) found.Add("Automation:MaxObjectsPerNotice must be between 1 and 1000.");
        if (MaxExtractTextLength is < 100 or > 10_000_000) found.Add("Automation:MaxExtractTextLength must be between 100 and 10000000.");
        if (MaxExtractedIndicators is < 1 or > 10_000) found.Add("Automation:MaxExtractedIndicators must be between 1 and 10000.");
        return found;
    }
}
