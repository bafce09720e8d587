namespace Kizuna.Stix.Objects;

/// <summary>ファイル File (§6.7): needs <c>hashes</c> or <c>name</c>. Named <c>StixFile</c> to avoid <see cref="System.IO.File"/>.</summary>
public sealed record StixFile : StixCyberObservable
{
    /// <summary>The type name, <c>file</c>.</summary>
    public override string Type => "file";

    /// <summary>Hashes by algorithm (hash-algorithm-ov, e.g. <c>SHA-256</c>).</summary>
    public StixMap<string>? Hashes { get; init; }

    /// <summary>The size in bytes.</summary>
    public long? Size { get; init; }

    /// <summary>The file name.</summary>
    public string? Name { get; init; }

    /// <summary>The name's original encoding.</summary>
    public string? NameEnc { get; init; }

    /// <summary>The magic number, hex.</summary>
    public string? MagicNumberHex { get; init; }

    /// <summary>The MIME type.</summary>
    public string? MimeType { get; init; }

    /// <summary>When it was created on the file system.</summary>
    public StixTimestamp? Ctime { get; init; }

    /// <summary>When it was last written.</summary>
    public StixTimestamp? Mtime { get; init; }

    /// <summary>When it was last accessed.</summary>
    public StixTimestamp? Atime { get; init; }

    /// <summary>The parent directory (directory id).</summary>
    public string? ParentDirectoryRef { get; init; }

    /// <summary>Objects contained in the file (e.g. an archive).</summary>
    public StixList<string>? ContainsRefs { get; init; }

    /// <summary>The content (artifact id).</summary>
    public string? ContentRef { get; init; }
}
