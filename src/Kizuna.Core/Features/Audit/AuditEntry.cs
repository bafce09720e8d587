using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kizuna.Core.Features.Audit;

/// <summary>
/// One row of the append-only audit trail. Rows are numbered without gaps from 1 and each carries
/// the hash of the row before it, so a changed, removed or inserted row breaks the chain.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxDetailLength = 4000;

    private AuditEntry() { }

    internal AuditEntry(long sequence, DateTimeOffset at, AuditRecord record, string previousHash)
    {
        Sequence = sequence;
        // Stored to the microsecond: PostgreSQL keeps no finer time, and the hash must survive a round trip.
        At = new DateTimeOffset(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
        Action = record.Action;
        ActorUserId = record.ActorUserId;
        ActorEmail = record.ActorEmail;
        ActorOrganizationId = record.ActorOrganizationId;
        TargetType = record.TargetType;
        TargetId = record.TargetId;
        Detail = record.Detail is { Length: > MaxDetailLength } d ? d[..MaxDetailLength] : record.Detail;
        RemoteAddress = record.RemoteAddress;
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    public long Sequence { get; private set; }
    public DateTimeOffset At { get; private set; }
    /// <summary>Dotted action name, e.g. <c>sign-in.failed</c>, <c>token.created</c>, <c>item.read</c>.</summary>
    public string Action { get; private set; } = "";
    public Guid? ActorUserId { get; private set; }
    public string? ActorEmail { get; private set; }
    public Guid? ActorOrganizationId { get; private set; }
    public string? TargetType { get; private set; }
    public string? TargetId { get; private set; }
    public string? Detail { get; private set; }
    public string? RemoteAddress { get; private set; }
    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";

    /// <summary>The hash of the first row's predecessor.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public string ComputeHash()
    {
        var canonical = string.Join('\u001f',
            Sequence.ToString(CultureInfo.InvariantCulture),
            At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            Action, ActorUserId?.ToString("D") ?? "", ActorEmail ?? "", ActorOrganizationId?.ToString("D") ?? "",
            TargetType ?? "", TargetId ?? "", Detail ?? "", RemoteAddress ?? "", PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
