namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// Who filed a report, encrypted (AES-256-GCM) with a key kept outside the database and stored apart
/// from the report. Readable only by those the reporter allowed, or after two platform admins
/// approved a re-identification; every read is audited.
/// </summary>
public sealed class ReporterIdentity
{
    private ReporterIdentity() { }

    public ReporterIdentity(Guid reportId, string keyId, byte[] nonce, byte[] ciphertext, byte[] tag)
    {
        ReportId = reportId;
        KeyId = keyId;
        Nonce = nonce;
        Ciphertext = ciphertext;
        Tag = tag;
    }

    public Guid ReportId { get; private set; }
    public string KeyId { get; private set; } = "";
    public byte[] Nonce { get; private set; } = [];
    public byte[] Ciphertext { get; private set; } = [];
    public byte[] Tag { get; private set; } = [];
}

/// <summary>The identity in clear, as the vault decrypts it.</summary>
public sealed record ReporterIdentityView(Guid OrganizationId, string OrganizationCode, string OrganizationNameJa, string OrganizationNameEn, Guid UserId, string UserEmail, string UserName);
