using System.Security.Cryptography;
using System.Text;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// Attaches a file to a report. The type is decided by the content, never by the name or the
/// client's content type: PDF, PNG, JPEG, GIF, PCAP/PCAPNG, or UTF-8 text (logs, CSV, JSON). Files
/// are only ever served as downloads, to full-view readers.
/// </summary>
public sealed class AttachToReportHandler(KizunaDb db, ReportAccess access, IOptions<LiaisonOptions> options, TimeProvider clock)
{
    public async Task<ReportAttachment> HandleAsync(Guid reportId, string fileName, byte[] content, Viewer viewer, CancellationToken ct = default)
    {
        var report = await access.FindAsync(reportId, viewer, ct);
        ReportAccess.RequireReporter(report, viewer);
        if (report.Status == ReportStatus.Closed) throw new ConflictException("The report is closed.");
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/')).Trim();
        var check = new InputCheck()
            .Required("fileName", name, ReportLimits.MaxFileNameLength)
            .That(content.LongLength > 0, "file", "The file is empty.")
            .That(content.LongLength <= options.Value.MaxAttachmentBytes, "file", $"The file is {content.LongLength} bytes; the limit is {options.Value.MaxAttachmentBytes} bytes.");
        var type = Sniff(content);
        check.That(type is not null, "file", "This kind of file is not accepted. Attach PDF, PNG, JPEG, GIF, PCAP or plain UTF-8 text (logs, CSV, JSON).");
        check.ThrowIfInvalid("The attachment was refused.");
        if (await db.ReportAttachments.CountAsync(a => a.ReportId == report.Id, ct) >= ReportLimits.MaxAttachmentsPerReport)
            throw new ConflictException($"A report holds at most {ReportLimits.MaxAttachmentsPerReport} attachments.");
        var attachment = new ReportAttachment(report.Id, name, type!, content, Convert.ToHexStringLower(SHA256.HashData(content)), viewer.UserId, clock.GetUtcNow());
        db.ReportAttachments.Add(attachment);
        db.ReportEvents.Add(new ReportEvent(report.Id, "attachment-added", viewer.UserId, viewer.OrganizationId, null, null, null, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return attachment;
    }

    /// <summary>The attachment's bytes, for full-view readers only (the content cannot be sanitized).</summary>
    public async Task<(ReportAttachment Attachment, byte[] Bytes)> DownloadAsync(Guid reportId, Guid attachmentId, Viewer viewer, CancellationToken ct = default)
    {
        var report = await access.FindAsync(reportId, viewer, ct);
        if (await access.LevelAsync(report, viewer, ct) != ReportViewLevel.Full)
            throw new NotFoundException("No such attachment.");
        var attachment = await db.ReportAttachments.AsNoTracking().Include(a => a.Content)
            .FirstOrDefaultAsync(a => a.Id == attachmentId && a.ReportId == report.Id, ct) ?? throw new NotFoundException("No such attachment.");
        return (attachment, attachment.Content!.Bytes);
    }

    /// <summary>The accepted content type, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith("%PDF-"u8)) return "application/pdf";
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (b.StartsWith("GIF87a"u8) || b.StartsWith("GIF89a"u8)) return "image/gif";
        if (b.StartsWith((ReadOnlySpan<byte>)[0xD4, 0xC3, 0xB2, 0xA1]) || b.StartsWith((ReadOnlySpan<byte>)[0xA1, 0xB2, 0xC3, 0xD4]) || b.StartsWith((ReadOnlySpan<byte>)[0x0A, 0x0D, 0x0D, 0x0A])) return "application/vnd.tcpdump.pcap";
        if (b.IndexOf((byte)0) < 0 && IsUtf8(b)) return "text/plain";
        return null;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> b)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(b);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
