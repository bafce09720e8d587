namespace Kizuna.Core.Disclosure;

/// <summary>How much of a liaison report a viewer gets.</summary>
public enum ReportViewLevel
{
    /// <summary>The sanitized view: pseudonym, redacted text, generalized region, size and times.</summary>
    Sanitized,
    /// <summary>The report as written, and the reporter's identity.</summary>
    Full,
}
