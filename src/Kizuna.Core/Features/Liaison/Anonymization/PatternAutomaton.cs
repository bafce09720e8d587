namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>What a literal pattern stands for and how it must sit in the text to count.</summary>
internal readonly record struct PatternInfo(string Kind, int Length, bool LeftBoundary, bool RightBoundary, bool WordBoundary);

/// <summary>
/// A compact Aho–Corasick automaton over UTF-16 code units: every occurrence of tens of thousands
/// of literal names in one pass over the text. Built once (see <see cref="SanitizerIndex"/>); read-only
/// and thread-safe afterwards.
/// </summary>
/// <remarks>
/// Implementation note: the trie is built from the patterns in ordinal order so that each node's
/// children arrive sorted, then flattened into arrays (children of a node are a contiguous, sorted
/// range searched by binary search; the root has a dense 64K table when the automaton is large).
/// </remarks>
internal sealed class PatternAutomaton
{
    private readonly int[] _childStart;
    private readonly char[] _childChar;
    private readonly int[] _childNode;
    private readonly int[]? _rootNext;
    private readonly int[] _fail;
    private readonly int[] _output;
    private readonly int[] _outLink;
    private readonly PatternInfo[] _patterns;

    public static readonly PatternAutomaton Empty = Build([]);

    public int PatternCount => _patterns.Length;

    public PatternInfo Pattern(int id) => _patterns[id];

    private PatternAutomaton(int[] childStart, char[] childChar, int[] childNode, int[]? rootNext, int[] fail, int[] output, int[] outLink, PatternInfo[] patterns)
    {
        _childStart = childStart;
        _childChar = childChar;
        _childNode = childNode;
        _rootNext = rootNext;
        _fail = fail;
        _output = output;
        _outLink = outLink;
        _patterns = patterns;
    }

    /// <summary>Builds the automaton. Keys must already be compacted (see <see cref="TextNormalizer.Compact"/>); duplicates are merged.</summary>
    public static PatternAutomaton Build(IEnumerable<(string Key, PatternInfo Info)> entries, bool denseRoot = false)
    {
        var merged = new Dictionary<string, PatternInfo>(StringComparer.Ordinal);
        foreach (var (key, info) in entries)
        {
            if (key.Length == 0) continue;
            merged[key] = merged.TryGetValue(key, out var existing) ? Merge(existing, info) : info with { Length = key.Length };
        }
        var keys = merged.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);

        // Trie with first-child/next-sibling lists; sorted insertion means only the last child can match.
        var nodeChar = new List<char> { '\0' };
        var firstChild = new List<int> { -1 };
        var lastChild = new List<int> { -1 };
        var nextSibling = new List<int> { -1 };
        var output = new List<int> { -1 };
        var patterns = new PatternInfo[keys.Length];
        for (var p = 0; p < keys.Length; p++)
        {
            var key = keys[p];
            patterns[p] = merged[key];
            var node = 0;
            foreach (var c in key)
            {
                var last = lastChild[node];
                if (last >= 0 && nodeChar[last] == c)
                {
                    node = last;
                    continue;
                }
                var created = nodeChar.Count;
                nodeChar.Add(c);
                firstChild.Add(-1);
                lastChild.Add(-1);
                nextSibling.Add(-1);
                output.Add(-1);
                if (last < 0) firstChild[node] = created;
                else nextSibling[last] = created;
                lastChild[node] = created;
                node = created;
            }
            output[node] = p;
        }

        var count = nodeChar.Count;
        var childStart = new int[count + 1];
        var childChar = new char[count - 1];
        var childNode = new int[count - 1];
        var next = 0;
        for (var n = 0; n < count; n++)
        {
            childStart[n] = next;
            for (var c = firstChild[n]; c >= 0; c = nextSibling[c])
            {
                childChar[next] = nodeChar[c];
                childNode[next] = c;
                next++;
            }
        }
        childStart[count] = next;

        int[]? rootNext = null;
        if (denseRoot)
        {
            rootNext = new int[char.MaxValue + 1];
            for (var i = childStart[0]; i < childStart[1]; i++) rootNext[childChar[i]] = childNode[i];
        }

        var fail = new int[count];
        var outLink = new int[count];
        var outputs = output.ToArray();
        var automaton = new PatternAutomaton(childStart, childChar, childNode, rootNext, fail, outputs, outLink, patterns);
        var queue = new Queue<int>();
        for (var i = childStart[0]; i < childStart[1]; i++)
        {
            fail[childNode[i]] = 0;
            outLink[childNode[i]] = 0;
            queue.Enqueue(childNode[i]);
        }
        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            for (var i = childStart[u]; i < childStart[u + 1]; i++)
            {
                var v = childNode[i];
                var f = automaton.Next(fail[u], childChar[i]);
                fail[v] = f == v ? 0 : f;
                outLink[v] = outputs[fail[v]] >= 0 ? fail[v] : outLink[fail[v]];
                queue.Enqueue(v);
            }
        }
        return automaton;
    }

    private static PatternInfo Merge(PatternInfo a, PatternInfo b) => a with
    {
        // The looser boundary wins: over-redaction is acceptable, under-redaction is not.
        LeftBoundary = a.LeftBoundary && b.LeftBoundary,
        RightBoundary = a.RightBoundary && b.RightBoundary,
        WordBoundary = a.WordBoundary && b.WordBoundary,
        Kind = RedactionKinds.Priority(a.Kind) >= RedactionKinds.Priority(b.Kind) ? a.Kind : b.Kind,
    };

    /// <summary>Reports (pattern id, index of the last matched char) for every occurrence in <paramref name="text"/>.</summary>
    public void Scan(ReadOnlySpan<char> text, List<(int Pattern, int End)> hits)
    {
        if (_patterns.Length == 0) return;
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            state = Next(state, text[i]);
            var n = _output[state] >= 0 ? state : _outLink[state];
            while (n > 0)
            {
                hits.Add((_output[n], i));
                n = _outLink[n];
            }
        }
    }

    private int Next(int state, char c)
    {
        while (true)
        {
            if (state == 0)
            {
                if (_rootNext is not null) return _rootNext[c];
                var r = Child(0, c);
                return r < 0 ? 0 : r;
            }
            var child = Child(state, c);
            if (child >= 0) return child;
            state = _fail[state];
        }
    }

    private int Child(int node, char c)
    {
        int lo = _childStart[node], hi = _childStart[node + 1] - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var m = _childChar[mid];
            if (m == c) return _childNode[mid];
            if (m < c) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }
}
