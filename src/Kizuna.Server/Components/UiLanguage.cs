using System.Globalization;

namespace Kizuna.Server.Components;

/// <summary>The UI language: Japanese by default, English by a switch remembered in a cookie (and on the user).</summary>
public static class UiLanguage
{
    public const string CookieName = "kizuna.lang";
    public const string Japanese = "ja";
    public const string English = "en";

    public static string Normalize(string? code) => code?.Trim().ToLowerInvariant() == English ? English : Japanese;

    /// <summary>Sets the request's culture from the cookie before anything renders.</summary>
    public static IApplicationBuilder UseUiLanguage(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var culture = CultureInfo.GetCultureInfo(Normalize(http.Request.Cookies[CookieName]) == English ? "en-GB" : "ja-JP");
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        http.Response.Headers.ContentLanguage = culture.TwoLetterISOLanguageName;
        await next();
    });

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == English;

    public static string Current => IsEnglish ? English : Japanese;

    /// <summary>Picks the name in the current language.</summary>
    public static string Pick(string ja, string en) => IsEnglish && !string.IsNullOrEmpty(en) ? en : ja;
}
