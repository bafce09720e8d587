namespace Kizuna.Browser.Tests.Pages;

/// <summary>The filters of the directory search form; null leaves a filter at "all".</summary>
public sealed record DirectorySearch(string? Text = null, string? Sector = null, string? Kind = null, string? Ceptoar = null, string? Region = null);
