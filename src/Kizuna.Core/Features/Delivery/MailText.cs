namespace Kizuna.Core.Features.Delivery;

/// <summary>Small text rules shared by every mail Kizuna writes.</summary>
public static class MailText
{
    /// <summary>A text on one line (subjects, title lines): line breaks become spaces, the ends trimmed.</summary>
    public static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
