namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// A file attached to a report series. Its type was checked by content, its SHA-256 is kept, and it
/// is only ever served as a download (never rendered inline), to full-view readers only.
/// </summary>
public sealed class ReportAttachment
{
    private ReportAttachment() { }

    public ReportAttachment(Guid reportId, string fileName, string contentType, byte[] content, string sha256, Guid userId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        ReportId = reportId;
        FileName = fileName;
        ContentType = contentType;
        Size = content.LongLength;
        Sha256 = sha256;
        UploadedByUserId = userId;
        UploadedAt = now;
        Content = new ReportAttachmentContent { AttachmentId = Id, Bytes = content };
    }

    public Guid Id { get; private set; }
    public Guid ReportId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string Sha256 { get; private set; } = "";
    public Guid UploadedByUserId { get; private set; }
    public DateTimeOffset UploadedAt { get; private set; }
    public ReportAttachmentContent? Content { get; private set; }
}

/// <summary>The bytes of an attachment, in their own table so lists never load them.</summary>
public sealed class ReportAttachmentContent
{
    public Guid AttachmentId { get; init; }
    public byte[] Bytes { get; init; } = [];
}
