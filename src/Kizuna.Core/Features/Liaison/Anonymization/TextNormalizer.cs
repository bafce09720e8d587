namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>
/// Char-for-char normalization used only for matching: full-width ASCII to half-width, the
/// ideographic and other spaces to a space, dash look-alikes to '-', ASCII lower case. Every char
/// maps to exactly one char, so a match at [i, j) in the normalized text is the same span in the
/// original, which is what the output keeps for everything not redacted.
/// </summary>
internal static class TextNormalizer
{
    public static string Normalize(string text)
    {
        if (text.Length == 0) return text;
        return string.Create(text.Length, text, static (dest, src) =>
        {
            for (var i = 0; i < src.Length; i++) dest[i] = Map(src[i]);
            // 'ー' (katakana prolonged sound mark) is typed for a hyphen in phone numbers: only beside digits.
            for (var i = 0; i < dest.Length; i++)
            {
                if (dest[i] == 'ー' && ((i > 0 && char.IsAsciiDigit(dest[i - 1])) || (i + 1 < dest.Length && char.IsAsciiDigit(dest[i + 1]))))
                    dest[i] = '-';
            }
        });
    }

    public static char Map(char c)
    {
        if (c < 0x80) return c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            var h = (char)(c - 0xFEE0);
            return h is >= 'A' and <= 'Z' ? (char)(h + 32) : h;
        }
        return c switch
        {
            '\u3000' or '\u00A0' or '\u2002' or '\u2003' or '\u2009' or '\u202F' => ' ',
            '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD' => ' ',
            '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE63' or '\uFF70' => '-',
            '\u00A5' or '\uFFE5' => '\\', // ¥ is the path separator on Japanese Windows (C:¥Users¥…)
            _ => c,
        };
    }

    /// <summary>Chars that name matching ignores: "山田 太郎", "山田　太郎", "山田太郎" and "Kizuna-Bank" compact alike.</summary>
    public static bool IsSeparator(char normalized) =>
        normalized is ' ' or '\t' or '\r' or '\n' or '-' or '_' or ',' or '・' or '･' or '·' || char.IsWhiteSpace(normalized);

    /// <summary>Normalizes and drops separators: the form patterns are stored in.</summary>
    public static string Compact(string text)
    {
        var normalized = Normalize(text);
        Span<char> buffer = normalized.Length <= 256 ? stackalloc char[normalized.Length] : new char[normalized.Length];
        var n = 0;
        foreach (var c in normalized)
        {
            if (!IsSeparator(c)) buffer[n++] = c;
        }
        return new string(buffer[..n]);
    }

    /// <summary>
    /// The compacted view of an already normalized text, with the original index of each kept char
    /// (buffers supplied by the caller).
    /// </summary>
    public static int Compact(ReadOnlySpan<char> normalized, Span<char> compact, Span<int> map)
    {
        var n = 0;
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (IsSeparator(c)) continue;
            compact[n] = c;
            map[n] = i;
            n++;
        }
        return n;
    }

    public static bool IsAsciiAlnum(char c) => char.IsAsciiLetterOrDigit(c);
}
