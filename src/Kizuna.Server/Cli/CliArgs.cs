namespace Kizuna.Server.Cli;

/// <summary>
/// Parsed command line: the verb words, the Kizuna options, and everything else passed on to the
/// ASP.NET Core configuration (e.g. <c>--urls</c>, <c>--Server:LockoutAttempts=3</c>).
/// </summary>
public sealed class CliArgs
{
    private static readonly HashSet<string> Flags = ["--demo", "--password-stdin", "--platform-admin", "--help", "-h"];
    private static readonly HashSet<string> Valued = ["--data-dir", "--database", "--email", "--org", "--role", "--password", "--name", "--display-name", "--scope", "--days", "--file", "--kind", "--report", "--collection"];

    public List<string> Verb { get; } = [];
    public Dictionary<string, List<string>> Options { get; } = new(StringComparer.Ordinal);
    public HashSet<string> SetFlags { get; } = new(StringComparer.Ordinal);
    public List<string> HostArgs { get; } = [];

    public static CliArgs Parse(string[] args)
    {
        var result = new CliArgs();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            var eq = a.IndexOf('=');
            var name = a.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? a[..eq] : a;
            if (Flags.Contains(a)) result.SetFlags.Add(a);
            else if (Valued.Contains(name))
            {
                string value;
                if (eq > 0 && name != a) value = a[(eq + 1)..];
                else if (i + 1 < args.Length) value = args[++i];
                else throw new CliException($"The option {name} needs a value.");
                if (!result.Options.TryGetValue(name, out var list)) result.Options[name] = list = [];
                list.Add(value);
            }
            else if (a.StartsWith('-'))
            {
                result.HostArgs.Add(a);
                if (eq < 0 && i + 1 < args.Length && !args[i + 1].StartsWith('-')) result.HostArgs.Add(args[++i]);
            }
            else if (result.HostArgs.Count == 0) result.Verb.Add(a);
            else result.HostArgs.Add(a);
        }
        return result;
    }

    public string? One(string name) => Options.TryGetValue(name, out var v) ? v[^1] : null;

    public string Required(string name) => One(name) ?? throw new CliException($"The option {name} is required.");

    public IReadOnlyList<string> Many(string name)
        => Options.TryGetValue(name, out var v) ? v.SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList() : [];

    public bool Has(string flag) => SetFlags.Contains(flag);

    /// <summary>Arguments for the web host: pass-through arguments plus the database options as configuration.</summary>
    public string[] ToHostArgs(bool quiet)
    {
        var list = new List<string>(HostArgs);
        if (One("--data-dir") is { } dir) list.Add($"--Database:DataDirectory={dir}");
        if (One("--database") is { } cs) list.Add($"--Database:ConnectionString={cs}");
        if (Has("--demo")) list.Add("--Server:Demo=true");
        if (quiet) list.Add("--Logging:LogLevel:Default=Warning");
        return list.ToArray();
    }
}

/// <summary>A usage error: printed without a stack trace, exit code 2.</summary>
public sealed class CliException(string message) : Exception(message);
