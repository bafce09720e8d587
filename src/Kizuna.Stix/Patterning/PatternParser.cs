using System.Text.RegularExpressions;

namespace Kizuna.Stix.Patterning;

/// <summary>
/// Recursive-descent parser for STIX 2.1 patterns with the semantic checks of the specification.
/// Syntax errors stop the parse (<see cref="PatternSyntaxException"/>); semantic errors are collected so
/// that <see cref="StixPattern.Validate(string)"/> can report them all.
/// </summary>
/// <remarks>
/// Precedence, loosest first: FOLLOWEDBY, OR, AND, qualifiers; inside brackets OR, then AND.
/// Recursion happens only at <c>[</c> and <c>(</c>, so <see cref="StixPatternLimits.MaxNestingDepth"/>
/// bounds the stack.
/// </remarks>
internal sealed partial class PatternParser
{
    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*\z", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ObjectTypeShape();

    private readonly string _source;
    private readonly List<Token> _tokens;
    private readonly List<(int Offset, string Message)> _errors = [];
    private int _index;
    private int _depth;

    private PatternParser(string source, List<Token> tokens)
    {
        _source = source;
        _tokens = tokens;
    }

    private Token Current => _tokens[_index];

    private Token PeekToken(int ahead) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    /// <summary>Parses and checks <paramref name="source"/>; the root is null when there are errors.</summary>
    internal static (ObservationExpression? Root, IReadOnlyList<StixPatternError> Errors) Run(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Length > StixPatternLimits.MaxPatternLength)
        {
            return (null, [StixPatternError.At(source, StixPatternLimits.MaxPatternLength,
                $"the pattern is longer than {StixPatternLimits.MaxPatternLength} characters")]);
        }
        try
        {
            var parser = new PatternParser(source, PatternLexer.Tokenize(source));
            var root = parser.ParsePattern();
            if (parser._errors.Count > 0)
            {
                return (null, [.. parser._errors.OrderBy(e => e.Offset).Select(e => StixPatternError.At(source, e.Offset, e.Message))]);
            }
            return (root, []);
        }
        catch (PatternSyntaxException e)
        {
            return (null, [StixPatternError.At(source, e.Offset, e.Message)]);
        }
    }

    private ObservationExpression ParsePattern()
    {
        if (Current.Kind == TokenKind.End)
        {
            throw new PatternSyntaxException(Current.Offset, "the pattern is empty");
        }
        var root = ParseFollowedBy();
        if (Current.Kind != TokenKind.End)
        {
            var hint = Current.Kind == TokenKind.Identifier && PatternText.Keywords.Contains(Current.Text.ToUpperInvariant())
                ? " (keywords are written in upper case)"
                : "";
            throw Unexpected($"unexpected {Describe(Current)} after a complete observation expression{hint}; expected AND, OR, FOLLOWEDBY, a qualifier or the end");
        }
        return root;
    }

    private ObservationExpression ParseFollowedBy() => ParseObservationChain(ObservationOperator.FollowedBy, TokenKind.FollowedBy, ParseObservationOr);

    private ObservationExpression ParseObservationOr() => ParseObservationChain(ObservationOperator.Or, TokenKind.Or, ParseObservationAnd);

    private ObservationExpression ParseObservationAnd() => ParseObservationChain(ObservationOperator.And, TokenKind.And, ParseQualified);

    private ObservationExpression ParseObservationChain(ObservationOperator op, TokenKind kind, Func<ObservationExpression> operand)
    {
        var first = operand();
        if (Current.Kind != kind)
        {
            return first;
        }
        var operands = new List<ObservationExpression> { first };
        while (Current.Kind == kind)
        {
            _index++;
            operands.Add(operand());
        }
        return new CompositeObservation(op, operands);
    }

    private ObservationExpression ParseQualified()
    {
        var expression = ParsePrimaryObservation();
        var seen = new HashSet<Type>();
        for (var e = expression; e is QualifiedObservation q; e = q.Expression)
        {
            seen.Add(q.Qualifier.GetType());
        }
        while (Current.Kind is TokenKind.Within or TokenKind.Repeats or TokenKind.Start)
        {
            var at = Current;
            var qualifier = ParseQualifier();
            if (qualifier is null)
            {
                continue;
            }
            if (!seen.Add(qualifier.GetType()))
            {
                AddError(at.Offset, $"duplicate {at.Text} qualifier on the same observation expression");
                continue;
            }
            expression = new QualifiedObservation(expression, qualifier);
        }
        return expression;
    }

    private PatternQualifier? ParseQualifier()
    {
        var keyword = Current;
        _index++;
        switch (keyword.Kind)
        {
            case TokenKind.Within:
            {
                var number = Current;
                if (number.Kind is not (TokenKind.Integer or TokenKind.Float))
                {
                    throw Unexpected($"expected a positive number of seconds after WITHIN but found {Describe(number)}");
                }
                _index++;
                Expect(TokenKind.Seconds, $"expected SECONDS after WITHIN {number.Text} (the only time unit)");
                var seconds = number.Literal switch
                {
                    IntegerLiteral i => i.Value,
                    FloatLiteral f => f.Value,
                    _ => 0m,
                };
                if (seconds <= 0 || number.Text.StartsWith('-'))
                {
                    AddError(number.Offset, $"WITHIN needs a positive number of seconds, not {number.Text}");
                    return null;
                }
                return new WithinQualifier(seconds);
            }
            case TokenKind.Repeats:
            {
                var number = Current;
                if (number.Kind is not (TokenKind.Integer or TokenKind.Float))
                {
                    throw Unexpected($"expected a positive integer after REPEATS but found {Describe(number)}");
                }
                _index++;
                Expect(TokenKind.Times, $"expected TIMES after REPEATS {number.Text}");
                if (number.Literal is not IntegerLiteral { Value: > 0 and <= int.MaxValue } count || number.Text.StartsWith('-'))
                {
                    AddError(number.Offset, $"REPEATS needs a positive integer, not {number.Text}");
                    return null;
                }
                return new RepeatsQualifier((int)count.Value);
            }
            default:
            {
                var start = ExpectTimestamp("START");
                Expect(TokenKind.Stop, $"expected STOP after START {start.Text}");
                var stop = ExpectTimestamp("STOP");
                var startValue = (TimestampLiteral)start.Literal!;
                var stopValue = (TimestampLiteral)stop.Literal!;
                if (startValue.Value >= stopValue.Value)
                {
                    AddError(stop.Offset, $"STOP {stop.Text} must be later than START {start.Text}");
                    return null;
                }
                return new StartStopQualifier(startValue, stopValue);
            }
        }
    }

    private Token ExpectTimestamp(string keyword)
    {
        var token = Current;
        if (token.Kind != TokenKind.Timestamp)
        {
            throw Unexpected($"expected a timestamp t'YYYY-MM-DDThh:mm:ssZ' after {keyword} but found {Describe(token)}");
        }
        _index++;
        return token;
    }

    private ObservationExpression ParsePrimaryObservation()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.LeftBracket:
            {
                Enter(token);
                var comparison = ParseComparisonOr();
                Expect(TokenKind.RightBracket, $"expected AND, OR or ']' to close the observation expression opened at {Where(token)} but found {Describe(Current)}");
                _depth--;
                return new SimpleObservation(comparison);
            }
            case TokenKind.LeftParen:
            {
                Enter(token);
                var inner = ParseFollowedBy();
                Expect(TokenKind.RightParen, $"expected ')' to close the parenthesis opened at {Where(token)} but found {Describe(Current)}");
                _depth--;
                return inner;
            }
            case TokenKind.Identifier when PeekToken(1).Kind == TokenKind.Colon:
                throw Unexpected("a comparison must be inside square brackets: [type:property = value]");
            default:
                throw Unexpected($"expected '[' or '(' to start an observation expression but found {Describe(token)}");
        }
    }

    private ComparisonExpression ParseComparisonOr()
    {
        var first = ParseComparisonAnd();
        if (Current.Kind != TokenKind.Or)
        {
            return first;
        }
        var operands = new List<ComparisonExpression> { first };
        while (Current.Kind == TokenKind.Or)
        {
            _index++;
            operands.Add(ParseComparisonAnd());
        }
        return new CompositeComparison(BooleanOperator.Or, operands);
    }

    private ComparisonExpression ParseComparisonAnd()
    {
        var firstOffset = Current.Offset;
        var first = ParseComparisonTerm();
        if (Current.Kind != TokenKind.And)
        {
            return first;
        }
        var operands = new List<ComparisonExpression> { first };
        var types = ObjectTypes(first);
        var reported = types.Count > 1;
        if (reported)
        {
            AddError(firstOffset, $"comparisons joined by AND must all use the same object type, but this OR inside them uses {string.Join(", ", types.Order(StringComparer.Ordinal).Select(t => $"'{t}'"))}");
        }
        while (Current.Kind == TokenKind.And)
        {
            _index++;
            var offset = Current.Offset;
            var operand = ParseComparisonTerm();
            operands.Add(operand);
            var operandTypes = ObjectTypes(operand);
            if (!reported && !operandTypes.SetEquals(types))
            {
                reported = true;
                AddError(offset, $"comparisons joined by AND must all use the same object type: '{string.Join("', '", operandTypes.Order(StringComparer.Ordinal))}' here, '{string.Join("', '", types.Order(StringComparer.Ordinal))}' before (use an observation AND: [a:x = 1] AND [b:y = 2])");
            }
        }
        return new CompositeComparison(BooleanOperator.And, operands);
    }

    private static HashSet<string> ObjectTypes(ComparisonExpression expression)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<ComparisonExpression>();
        stack.Push(expression);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case PropertyComparison p:
                    types.Add(p.Path.ObjectType);
                    break;
                case ExistsComparison e:
                    types.Add(e.Path.ObjectType);
                    break;
                case CompositeComparison c:
                    foreach (var o in c.Operands)
                    {
                        stack.Push(o);
                    }
                    break;
            }
        }
        return types;
    }

    private ComparisonExpression ParseComparisonTerm()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.LeftParen:
            {
                Enter(token);
                var inner = ParseComparisonOr();
                Expect(TokenKind.RightParen, $"expected AND, OR or ')' to close the parenthesis opened at {Where(token)} but found {Describe(Current)}");
                _depth--;
                return inner;
            }
            case TokenKind.Exists:
                _index++;
                return new ExistsComparison(ParseObjectPath());
            case TokenKind.Not:
                throw Unexpected(PeekToken(1).Kind == TokenKind.Exists
                    ? "NOT EXISTS is not part of STIX 2.1 patterning"
                    : "NOT goes after the object path, before the operator: file:name NOT LIKE 'a%'");
            case TokenKind.LeftBracket:
                throw Unexpected("observation expressions cannot be nested inside '[ ]'; use ( ) to group comparisons");
        }
        var path = ParseObjectPath();
        var negated = false;
        if (Current.Kind == TokenKind.Not)
        {
            negated = true;
            _index++;
        }
        var opToken = Current;
        ComparisonOperator op;
        switch (opToken.Kind)
        {
            case TokenKind.Equal: op = ComparisonOperator.Equal; break;
            case TokenKind.NotEqual: op = ComparisonOperator.NotEqual; break;
            case TokenKind.Greater: op = ComparisonOperator.GreaterThan; break;
            case TokenKind.Less: op = ComparisonOperator.LessThan; break;
            case TokenKind.GreaterOrEqual: op = ComparisonOperator.GreaterThanOrEqual; break;
            case TokenKind.LessOrEqual: op = ComparisonOperator.LessThanOrEqual; break;
            case TokenKind.In: op = ComparisonOperator.In; break;
            case TokenKind.Like: op = ComparisonOperator.Like; break;
            case TokenKind.Matches: op = ComparisonOperator.Matches; break;
            case TokenKind.IsSubset: op = ComparisonOperator.IsSubset; break;
            case TokenKind.IsSuperset: op = ComparisonOperator.IsSuperset; break;
            case TokenKind.Exists:
                throw Unexpected("EXISTS goes before the object path: EXISTS file:name");
            default:
                throw Unexpected($"expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET) after {path} but found {Describe(opToken)}");
        }
        _index++;
        var valueToken = Current;
        PatternLiteral value;
        switch (op)
        {
            case ComparisonOperator.In:
                value = ParseSet();
                break;
            case ComparisonOperator.Like or ComparisonOperator.Matches or ComparisonOperator.IsSubset or ComparisonOperator.IsSuperset:
                if (valueToken.Kind != TokenKind.String)
                {
                    throw Unexpected($"{opToken.Text} needs a string in single quotes but found {Describe(valueToken)}");
                }
                _index++;
                value = valueToken.Literal!;
                CheckStringOperand(op, (StringLiteral)value, valueToken);
                break;
            default:
                value = ParseScalar($"{opToken.Text}");
                if (value is BooleanLiteral && op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
                {
                    AddError(valueToken.Offset, $"a boolean can only be compared with = or !=, not {opToken.Text}");
                    value = new IntegerLiteral(0);
                }
                break;
        }
        return new PropertyComparison(path, op, value, negated);
    }

    private void CheckStringOperand(ComparisonOperator op, StringLiteral value, Token token)
    {
        switch (op)
        {
            case ComparisonOperator.Matches:
                try
                {
                    _ = new Regex(value.Value, RegexOptions.CultureInvariant, StixPatternLimits.RegexTimeout);
                }
                catch (ArgumentException e)
                {
                    AddError(token.Offset, $"MATCHES needs a valid regular expression: {e.Message}");
                }
                break;
            case ComparisonOperator.IsSubset or ComparisonOperator.IsSuperset:
                if (!Cidr.TryParse(value.Value, out _))
                {
                    AddError(token.Offset, $"{PatternText.Operator(op)} needs an IPv4 or IPv6 address or CIDR block such as '198.51.100.0/24', not {Shorten(token.Text)}");
                }
                break;
        }
    }

    private PatternLiteral ParseScalar(string after)
    {
        var token = Current;
        if (token.Literal is null || token.Kind == TokenKind.Identifier)
        {
            var hint = token.Kind == TokenKind.Identifier ? " (strings are written in single quotes)" : "";
            throw Unexpected($"expected a value after {after} but found {Describe(token)}{hint}");
        }
        _index++;
        return token.Literal;
    }

    private SetLiteral ParseSet()
    {
        var open = Current;
        if (open.Kind != TokenKind.LeftParen)
        {
            throw Unexpected($"IN needs a list of values in parentheses, ('a', 'b'), but found {Describe(open)}");
        }
        Enter(open);
        var values = new List<PatternLiteral>();
        if (Current.Kind != TokenKind.RightParen)
        {
            values.Add(ParseScalar("'('"));
            while (Current.Kind == TokenKind.Comma)
            {
                _index++;
                values.Add(ParseScalar("','"));
            }
        }
        Expect(TokenKind.RightParen, $"expected ',' or ')' in the IN list opened at {Where(open)} but found {Describe(Current)}");
        _depth--;
        return new SetLiteral(values);
    }

    private ObjectPath ParseObjectPath()
    {
        var typeToken = Current;
        if (typeToken.Kind != TokenKind.Identifier)
        {
            throw Unexpected($"expected an object path such as file:name but found {Describe(typeToken)}");
        }
        _index++;
        if (!ObjectTypeShape().IsMatch(typeToken.Text) || typeToken.Text.Length is < 3 or > 250)
        {
            AddError(typeToken.Offset, $"object type '{Shorten(typeToken.Text)}' is not a valid STIX type: use 3 to 250 lower-case letters, digits and single hyphens (e.g. ipv4-addr, x-custom-type)");
        }
        if (Current.Kind != TokenKind.Colon)
        {
            throw Unexpected($"expected ':' between the object type '{Shorten(typeToken.Text)}' and its property but found {Describe(Current)}");
        }
        _index++;
        var property = ParsePropertyName("the first property");
        var steps = new List<PathStep>();
        while (true)
        {
            if (Current.Kind == TokenKind.Dot)
            {
                _index++;
                steps.Add(new PropertyStep(ParsePropertyName("a property name or key after '.'")));
            }
            else if (Current.Kind == TokenKind.LeftBracket)
            {
                var open = Current;
                _index++;
                var index = Current;
                if (index.Kind == TokenKind.Asterisk)
                {
                    _index++;
                    steps.Add(IndexStep.Any);
                }
                else if (index.Kind == TokenKind.Integer)
                {
                    _index++;
                    var value = ((IntegerLiteral)index.Literal!).Value;
                    if (value < 0 || value > int.MaxValue || index.Text.StartsWith('-'))
                    {
                        AddError(index.Offset, $"a list index must be a non-negative integer or *, not {index.Text}");
                        value = 0;
                    }
                    steps.Add(new IndexStep((int)value));
                }
                else
                {
                    throw Unexpected($"expected a list index (an integer or *) after '[' but found {Describe(index)}");
                }
                Expect(TokenKind.RightBracket, $"expected ']' to close the list index opened at {Where(open)} but found {Describe(Current)}");
            }
            else
            {
                return new ObjectPath(typeToken.Text, property, steps);
            }
        }
    }

    private string ParsePropertyName(string what)
    {
        var token = Current;
        string name;
        if (token.Kind == TokenKind.String)
        {
            name = ((StringLiteral)token.Literal!).Value;
            if (name.Length == 0 || name.Any(char.IsControl))
            {
                AddError(token.Offset, "a quoted property name or key must be non-empty and contain no control characters");
            }
        }
        else if (token.Kind == TokenKind.Identifier)
        {
            if (token.HasHyphen)
            {
                throw Unexpected($"property name {token.Text} contains '-': quote it, as in .'{Shorten(token.Text)}'");
            }
            name = token.Text;
        }
        else
        {
            var hint = token.Kind is TokenKind.Boolean || PatternText.Keywords.Contains(token.Text)
                ? $" (a property named {token.Text} must be quoted: '{token.Text}')"
                : "";
            throw Unexpected($"expected {what} but found {Describe(token)}{hint}");
        }
        _index++;
        if (name.Length > StixPatternLimits.MaxPropertyNameLength)
        {
            AddError(token.Offset, $"property name or key is longer than {StixPatternLimits.MaxPropertyNameLength} characters");
        }
        return name;
    }

    private void Enter(Token open)
    {
        if (++_depth > StixPatternLimits.MaxNestingDepth)
        {
            throw new PatternSyntaxException(open.Offset, $"brackets and parentheses are nested deeper than {StixPatternLimits.MaxNestingDepth} levels");
        }
        _index++;
    }

    private void Expect(TokenKind kind, string message)
    {
        if (Current.Kind != kind)
        {
            throw Unexpected(message);
        }
        _index++;
    }

    private PatternSyntaxException Unexpected(string message) => new(Current.Offset, message);

    private void AddError(int offset, string message) => _errors.Add((offset, message));

    private string Where(Token token)
    {
        var e = StixPatternError.At(_source, token.Offset, "");
        return $"{e.Line}:{e.Column}";
    }

    private static string Describe(Token token) => token.Kind == TokenKind.End ? "the end of the pattern" : Shorten(token.Text);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "…";
}
