using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Automation;

/// <summary>The EF Core mapping of automation's tables (called from <see cref="Data.KizunaDb"/>).</summary>
public static class AutomationModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<IngestRule>(r =>
        {
            r.Property(x => x.Name).HasMaxLength(IngestRule.MaxNameLength);
            r.Property(x => x.MaxTlp).HasConversion<string>().HasMaxLength(16);
            r.Property(x => x.TextContains).HasMaxLength(IngestRule.MaxTextLength);
            r.Property(x => x.CopyToSector).HasMaxLength(IngestRule.MaxCodeLength);
            r.Property(x => x.NotifyOrganization).HasMaxLength(IngestRule.MaxCodeLength);
            r.HasIndex(x => new { x.Enabled, x.Order });
        });
        b.Entity<IngestRuleRun>(r =>
        {
            r.Property(x => x.Outcome).HasMaxLength(32);
            r.Property(x => x.Detail).HasMaxLength(IngestRuleRun.MaxDetailLength);
            // A rule acts on a record once.
            r.HasIndex(x => new { x.RuleId, x.RecordId }).IsUnique();
            r.HasIndex(x => x.RecordId);
            r.HasIndex(x => new { x.RuleId, x.At });
            r.HasOne<IngestRule>().WithMany().HasForeignKey(x => x.RuleId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<Interop.StixObjectRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<StixObjectTag>(t =>
        {
            t.Property(x => x.Tag).HasMaxLength(IngestRule.MaxTagLength);
            t.HasIndex(x => new { x.RecordId, x.Tag }).IsUnique();
            t.HasIndex(x => x.Tag);
            t.HasOne<Interop.StixObjectRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
            t.HasOne<IngestRule>().WithMany().HasForeignKey(x => x.RuleId).OnDelete(DeleteBehavior.SetNull);
        });
    }
}
