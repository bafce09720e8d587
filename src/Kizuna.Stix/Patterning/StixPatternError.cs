namespace Kizuna.Stix.Patterning;

/// <summary>
/// One problem found in a STIX pattern: what is wrong and where.
/// <see cref="Offset"/> is a zero-based index into the pattern text (UTF-16 code units);
/// <see cref="Line"/> and <see cref="Column"/> are one-based and count lines split at LF, CR or CRLF.
/// </summary>
/// <param name="Message">A readable explanation, naming the token or value at fault.</param>
/// <param name="Offset">Zero-based position in the pattern text.</param>
/// <param name="Line">One-based line number.</param>
/// <param name="Column">One-based column number.</param>
public sealed record StixPatternError(string Message, int Offset, int Line, int Column)
{
    /// <summary>The error as <c>line:column: message</c>.</summary>
    public override string ToString() => $"{Line}:{Column}: {Message}";

    internal static StixPatternError At(string source, int offset, string message)
    {
        offset = Math.Clamp(offset, 0, source.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            var c = source[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= source.Length || source[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new StixPatternError(message, offset, line, offset - lineStart + 1);
    }
}
