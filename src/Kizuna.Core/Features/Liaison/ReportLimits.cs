namespace Kizuna.Core.Features.Liaison;

/// <summary>The explicit limits of a report; every one is checked and tested.</summary>
public static class ReportLimits
{
    public const int MaxTitleLength = 300;
    public const int MaxTextLength = 20_000;
    public const int MaxIndicators = 500;
    public const int MaxIndicatorLength = 2_048;
    public const int MaxListLength = 30;
    public const int MaxNoteLength = 4_000;
    public const int MaxFileNameLength = 255;
    public const int MaxAttachmentsPerReport = 20;
}
