using System.Text.RegularExpressions;

namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>
/// The written forms a name takes in free text. All forms are returned compacted
/// (<see cref="TextNormalizer.Compact(string)"/>), so spacing, full-width letters, case and hyphens
/// no longer matter.
/// </summary>
internal static partial class NameVariants
{
    private static readonly string[] JapaneseLegalForms =
    [
        "国立研究開発法人", "地方独立行政法人", "独立行政法人", "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人",
        "特定非営利活動法人", "国立大学法人", "社会医療法人", "医療法人社団", "医療法人財団", "医療法人", "社会福祉法人", "学校法人",
        "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "相互会社",
        "(株)", "(有)", "(同)", "(一社)", "(一財)", "(公社)", "(公財)", "(独)", "(医)", "(学)", "㈱", "㈲",
    ];

    [GeneratedRegex(@"^(?:the\s+)|[\s,]*(?:co\.?,?\s*ltd\.?|company,?\s*limited|corporation|corp\.?|incorporated|inc\.?|limited|ltd\.?|k\.\s?k\.|co\.|company|llc|plc|g\.\s?k\.|holdings?)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishLegalForm();

    /// <summary>The name and its core without legal-entity affixes (株式会社, (株), Co., Ltd., Inc., …).</summary>
    public static IEnumerable<string> Organization(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) yield break;
        yield return TextNormalizer.Compact(name);
        var core = CoreName(name);
        if (core.Length > 0) yield return TextNormalizer.Compact(core);
    }

    private static string CoreName(string name)
    {
        var s = name.Trim().Replace('（', '(').Replace('）', ')');
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var form in JapaneseLegalForms)
            {
                if (s.StartsWith(form, StringComparison.Ordinal)) { s = s[form.Length..].Trim(); changed = true; }
                if (s.EndsWith(form, StringComparison.Ordinal)) { s = s[..^form.Length].Trim(); changed = true; }
            }
            var stripped = EnglishLegalForm().Replace(s, "").Trim();
            if (stripped.Length > 0 && stripped != s) { s = stripped; changed = true; }
        }
        return s;
    }

    /// <summary>
    /// A person's full name with and without the space ("山田 太郎", "山田太郎") and, for Latin-script
    /// names, in either order ("Taro Yamada", "YAMADA Taro").
    /// </summary>
    public static IEnumerable<string> Person(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) yield break;
        yield return TextNormalizer.Compact(name);
        var tokens = Tokens(name);
        if (tokens.Length >= 2 && IsLatin(name))
        {
            yield return TextNormalizer.Compact(string.Concat(tokens.Reverse()));
        }
    }

    /// <summary>
    /// Extra forms for the reporter's own people only: a family or given name with an honorific or
    /// title ("山田さん", "山田部長", "Mr. Yamada"), since the reporter's people must never be named.
    /// </summary>
    public static IEnumerable<string> PersonWithHonorifics(string name)
    {
        var tokens = Tokens(name);
        if (tokens.Length < 2) yield break;
        foreach (var token in tokens.Where(t => t.Length >= 2))
        {
            if (IsLatin(token))
            {
                foreach (var title in (string[])["mr.", "mr", "ms.", "ms", "mrs.", "mrs", "dr.", "dr", "miss"])
                    yield return TextNormalizer.Compact(title + token);
                yield return TextNormalizer.Compact(token + "san");
                yield return TextNormalizer.Compact(token + "sama");
            }
            else
            {
                foreach (var honorific in (string[])["さん", "様", "さま", "氏", "殿", "君", "くん", "ちゃん", "部長", "課長", "係長", "主任", "主査", "室長", "所長", "社長", "担当", "先生"])
                    yield return TextNormalizer.Compact(token + honorific);
            }
        }
    }

    /// <summary>
    /// The family and given names on their own, for the reporter's people only: even a surname
    /// alone ("山田の端末") points at them. CJK parts of 2+ chars, Latin parts of 3+ letters.
    /// </summary>
    public static IEnumerable<string> PersonParts(string name)
    {
        var tokens = Tokens(name);
        if (tokens.Length < 2) yield break;
        foreach (var token in tokens)
        {
            var compact = TextNormalizer.Compact(token);
            if (compact.Length >= (IsLatin(token) ? 3 : 2)) yield return compact;
        }
    }

    private static string[] Tokens(string name) =>
        name.Split([' ', '\u3000', '・', '･', ',', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool IsLatin(string s)
    {
        foreach (var c in s)
        {
            if (c >= 0x80 && !(c is >= '\uFF01' and <= '\uFF5E') && !char.IsWhiteSpace(c)) return false;
        }
        return true;
    }
}
