using System.Globalization;

namespace Kizuna.Stix.Patterning;

internal enum TokenKind
{
    End,
    LeftBracket,
    RightBracket,
    LeftParen,
    RightParen,
    Colon,
    Dot,
    Comma,
    Asterisk,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Identifier,
    String,
    Integer,
    Float,
    Boolean,
    Timestamp,
    Hex,
    Binary,
    And,
    Or,
    Not,
    FollowedBy,
    Like,
    Matches,
    IsSuperset,
    IsSubset,
    Exists,
    Last,
    In,
    Start,
    Stop,
    Seconds,
    Within,
    Repeats,
    Times,
}

/// <summary>A token with its position; <see cref="Literal"/> holds the value of a literal token.</summary>
internal sealed record Token(TokenKind Kind, string Text, int Offset, PatternLiteral? Literal = null)
{
    internal bool HasHyphen => Kind == TokenKind.Identifier && Text.Contains('-');
}

/// <summary>
/// Hand-written lexer for the STIX 2.1 pattern grammar (STIXPattern.g4): keywords are upper case,
/// booleans lower case; white space and <c>/* */</c>, <c>//</c> comments are skipped.
/// </summary>
internal sealed class PatternLexer
{
    private static readonly Dictionary<string, TokenKind> KeywordKinds = new(StringComparer.Ordinal)
    {
        ["AND"] = TokenKind.And, ["OR"] = TokenKind.Or, ["NOT"] = TokenKind.Not, ["FOLLOWEDBY"] = TokenKind.FollowedBy,
        ["LIKE"] = TokenKind.Like, ["MATCHES"] = TokenKind.Matches, ["ISSUPERSET"] = TokenKind.IsSuperset,
        ["ISSUBSET"] = TokenKind.IsSubset, ["EXISTS"] = TokenKind.Exists, ["LAST"] = TokenKind.Last, ["IN"] = TokenKind.In,
        ["START"] = TokenKind.Start, ["STOP"] = TokenKind.Stop, ["SECONDS"] = TokenKind.Seconds, ["WITHIN"] = TokenKind.Within,
        ["REPEATS"] = TokenKind.Repeats, ["TIMES"] = TokenKind.Times,
    };

    private readonly string _source;
    private int _pos;

    internal PatternLexer(string source) => _source = source;

    internal static List<Token> Tokenize(string source)
    {
        var lexer = new PatternLexer(source);
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = lexer.Next();
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);
        return tokens;
    }

    private PatternSyntaxException Error(int offset, string message) => new(offset, message);

    private Token Next()
    {
        SkipTrivia();
        if (_pos >= _source.Length)
        {
            return new Token(TokenKind.End, "", _pos);
        }
        var start = _pos;
        var c = _source[_pos];
        switch (c)
        {
            case '[': _pos++; return new Token(TokenKind.LeftBracket, "[", start);
            case ']': _pos++; return new Token(TokenKind.RightBracket, "]", start);
            case '(': _pos++; return new Token(TokenKind.LeftParen, "(", start);
            case ')': _pos++; return new Token(TokenKind.RightParen, ")", start);
            case ':': _pos++; return new Token(TokenKind.Colon, ":", start);
            case ',': _pos++; return new Token(TokenKind.Comma, ",", start);
            case '*': _pos++; return new Token(TokenKind.Asterisk, "*", start);
            case '=':
                _pos += Peek(1) == '=' ? 2 : 1;
                return new Token(TokenKind.Equal, _source[start.._pos], start);
            case '!':
                if (Peek(1) == '=')
                {
                    _pos += 2;
                    return new Token(TokenKind.NotEqual, "!=", start);
                }
                throw Error(start, "unexpected '!' (did you mean '!='?)");
            case '<':
                if (Peek(1) == '=') { _pos += 2; return new Token(TokenKind.LessOrEqual, "<=", start); }
                if (Peek(1) == '>') { _pos += 2; return new Token(TokenKind.NotEqual, "<>", start); }
                _pos++;
                return new Token(TokenKind.Less, "<", start);
            case '>':
                if (Peek(1) == '=') { _pos += 2; return new Token(TokenKind.GreaterOrEqual, ">=", start); }
                _pos++;
                return new Token(TokenKind.Greater, ">", start);
            case '\'':
                {
                    var value = ReadQuoted(start);
                    return new Token(TokenKind.String, _source[start.._pos], start, new StringLiteral(value));
                }
            case '.':
                if (char.IsAsciiDigit(Peek(1)))
                {
                    return ReadNumber(start);
                }
                _pos++;
                return new Token(TokenKind.Dot, ".", start);
            case '+' or '-':
                if (char.IsAsciiDigit(Peek(1)) || (Peek(1) == '.' && char.IsAsciiDigit(Peek(2))))
                {
                    return ReadNumber(start);
                }
                throw Error(start, $"unexpected '{c}' (a sign must be followed by a number)");
        }
        if (char.IsAsciiDigit(c))
        {
            return ReadNumber(start);
        }
        if ((c is 't' or 'h' or 'b') && Peek(1) == '\'')
        {
            return ReadTypedLiteral(start, c);
        }
        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (_pos < _source.Length && (char.IsAsciiLetterOrDigit(_source[_pos]) || _source[_pos] is '_' or '-'))
            {
                _pos++;
            }
            var text = _source[start.._pos];
            if (KeywordKinds.TryGetValue(text, out var keyword))
            {
                return new Token(keyword, text, start);
            }
            if (text is "true" or "false")
            {
                return new Token(TokenKind.Boolean, text, start, new BooleanLiteral(text == "true"));
            }
            return new Token(TokenKind.Identifier, text, start);
        }
        if (c == '"')
        {
            throw Error(start, "unexpected '\"': strings are written in single quotes");
        }
        var shown = char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : $"'{c}'";
        throw Error(start, $"unexpected character {shown}");
    }

    private char Peek(int ahead) => _pos + ahead < _source.Length ? _source[_pos + ahead] : '\0';

    private void SkipTrivia()
    {
        while (_pos < _source.Length)
        {
            var c = _source[_pos];
            if (IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var end = _source.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Error(_pos, "comment not closed: '/*' without '*/'");
                }
                _pos = end + 2;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (_pos < _source.Length && _source[_pos] is not ('\r' or '\n'))
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    // The white-space set of STIXPattern.g4.
    private static bool IsWhiteSpace(char c) => c is ' ' or '\t' or '\r' or '\n' or '\u000B' or '\u000C' or '\u0085' or '\u00A0'
        or '\u1680' or (>= '\u2000' and <= '\u200A') or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000';

    /// <summary>Reads <c>'…'</c> starting at the quote; returns the unescaped text.</summary>
    private string ReadQuoted(int start)
    {
        var sb = new System.Text.StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _source.Length)
            {
                throw Error(start, "string not closed: missing ' at the end");
            }
            var c = _source[_pos];
            if (c == '\'')
            {
                _pos++;
                return sb.ToString();
            }
            if (c == '\\')
            {
                var next = Peek(1);
                if (next is '\\' or '\'')
                {
                    sb.Append(next);
                    _pos += 2;
                    continue;
                }
                throw Error(_pos, next == '\0' && _pos + 1 >= _source.Length
                    ? "string not closed: missing ' at the end"
                    : "invalid escape in string: only \\' and \\\\ are allowed (write a backslash as \\\\)");
            }
            sb.Append(c);
            _pos++;
        }
    }

    private Token ReadNumber(int start)
    {
        if (_source[_pos] is '+' or '-')
        {
            _pos++;
        }
        var digitsStart = _pos;
        while (_pos < _source.Length && char.IsAsciiDigit(_source[_pos]))
        {
            _pos++;
        }
        var intDigits = _pos - digitsStart;
        var isFloat = false;
        if (_pos < _source.Length && _source[_pos] == '.' && char.IsAsciiDigit(Peek(1)))
        {
            isFloat = true;
            _pos++;
            while (_pos < _source.Length && char.IsAsciiDigit(_source[_pos]))
            {
                _pos++;
            }
        }
        var text = _source[start.._pos];
        if (_pos < _source.Length && (char.IsAsciiLetter(_source[_pos]) || _source[_pos] == '_'))
        {
            throw Error(start, $"invalid number '{text}{_source[_pos]}…': a number cannot run into letters");
        }
        if (isFloat)
        {
            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
            {
                throw Error(start, $"number '{text}' is out of range");
            }
            return new Token(TokenKind.Float, text, start, new FloatLiteral(d));
        }
        if (intDigits > 1 && _source[digitsStart] == '0')
        {
            throw Error(start, $"invalid integer '{text}': leading zeros are not allowed");
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            throw Error(start, $"integer '{text}' is out of range (64-bit)");
        }
        return new Token(TokenKind.Integer, text, start, new IntegerLiteral(l));
    }

    private Token ReadTypedLiteral(int start, char prefix)
    {
        _pos++;
        var body = ReadQuoted(start + 1);
        // Escapes never form part of a valid timestamp, hex or base64 body, so the raw body is the text.
        var text = _source[start.._pos];
        switch (prefix)
        {
            case 't':
                return new Token(TokenKind.Timestamp, text, start, TimestampLiteral.TryCreate(body)
                    ?? throw Error(start, $"invalid timestamp {text}: expected t'YYYY-MM-DDThh:mm:ss[.fraction]Z', a real date and time in UTC"));
            case 'h':
                if (body.Length % 2 != 0 || !body.All(char.IsAsciiHexDigit))
                {
                    throw Error(start, $"invalid hex literal {text}: expected pairs of hex digits");
                }
                return new Token(TokenKind.Hex, text, start, new HexLiteral(Convert.FromHexString(body)));
            default:
                if (body.Length == 0 || body.Length % 4 != 0 || !body.TrimEnd('=').All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '+' or '/')
                    || body.Length - body.TrimEnd('=').Length > 2)
                {
                    throw Error(start, $"invalid binary literal {text}: expected padded base64 (A-Z, a-z, 0-9, +, /, and = at the end)");
                }
                try
                {
                    return new Token(TokenKind.Binary, text, start, new BinaryLiteral(Convert.FromBase64String(body)));
                }
                catch (FormatException)
                {
                    throw Error(start, $"invalid binary literal {text}: not valid base64");
                }
        }
    }
}

/// <summary>A syntax error at a position; stops the parse.</summary>
internal sealed class PatternSyntaxException(int offset, string message) : Exception(message)
{
    internal int Offset { get; } = offset;
}
