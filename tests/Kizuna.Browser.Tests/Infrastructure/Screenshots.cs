using Microsoft.Playwright;

namespace Kizuna.Browser.Tests.Infrastructure;

/// <summary>Full-page PNGs under the test output folder (bin/…/screenshots).</summary>
public static class Screenshots
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<string> SaveAsync(IPage page, string name, string? subfolder = null)
    {
        var folder = subfolder is null ? Folder : Path.Combine(Folder, subfolder);
        Directory.CreateDirectory(folder);
        var invalid = Path.GetInvalidFileNameChars();
        var path = Path.Combine(folder, new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray()) + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
