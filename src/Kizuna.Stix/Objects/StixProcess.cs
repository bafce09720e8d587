namespace Kizuna.Stix.Objects;

/// <summary>プロセス Process (§6.13). Named <c>StixProcess</c> to avoid <see cref="System.Diagnostics.Process"/>.</summary>
public sealed record StixProcess : StixCyberObservable
{
    /// <summary>The type name, <c>process</c>.</summary>
    public override string Type => "process";

    /// <summary>Whether the process is hidden.</summary>
    public bool? IsHidden { get; init; }

    /// <summary>The process id.</summary>
    public int? Pid { get; init; }

    /// <summary>When it was created.</summary>
    public StixTimestamp? CreatedTime { get; init; }

    /// <summary>The working directory.</summary>
    public string? Cwd { get; init; }

    /// <summary>The full command line.</summary>
    public string? CommandLine { get; init; }

    /// <summary>The environment variables.</summary>
    public StixMap<string>? EnvironmentVariables { get; init; }

    /// <summary>Network connections it opened (network-traffic ids).</summary>
    public StixList<string>? OpenedConnectionRefs { get; init; }

    /// <summary>The user account that created it.</summary>
    public string? CreatorUserRef { get; init; }

    /// <summary>The executable (file id).</summary>
    public string? ImageRef { get; init; }

    /// <summary>The parent process.</summary>
    public string? ParentRef { get; init; }

    /// <summary>Child processes.</summary>
    public StixList<string>? ChildRefs { get; init; }
}
