namespace Kizuna.Stix.Objects;

/// <summary>ディレクトリ Directory (file-system directory, §6.3). Named <c>StixDirectory</c> to avoid <see cref="System.IO.Directory"/>.</summary>
public sealed record StixDirectory : StixCyberObservable
{
    /// <summary>The type name, <c>directory</c>.</summary>
    public override string Type => "directory";

    /// <summary>The path; required.</summary>
    public string? Path { get; init; }

    /// <summary>The path's original encoding (IANA character set).</summary>
    public string? PathEnc { get; init; }

    /// <summary>When it was created on the file system.</summary>
    public StixTimestamp? Ctime { get; init; }

    /// <summary>When it was last written.</summary>
    public StixTimestamp? Mtime { get; init; }

    /// <summary>When it was last accessed.</summary>
    public StixTimestamp? Atime { get; init; }

    /// <summary>Files and directories it contains.</summary>
    public StixList<string>? ContainsRefs { get; init; }
}
