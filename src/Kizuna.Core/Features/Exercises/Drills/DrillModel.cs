using Kizuna.Core.Features.Directory;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>The EF Core mapping of the drill tables (called from <see cref="Data.KizunaDb"/>): their own tables, apart from reports and advisories.</summary>
public static class DrillModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Drill>(d =>
        {
            d.ToTable("Drills");
            d.Ignore(x => x.SectorCodes);
            d.Ignore(x => x.IsRunning);
            d.Property(x => x.Direction).HasMaxLength(8);
            d.Property(x => x.Title).HasMaxLength(DrillLimits.MaxTitleLength);
            d.Property(x => x.Message).HasMaxLength(DrillLimits.MaxMessageLength);
            d.Property(x => x.Sectors).HasMaxLength(1000);
            d.Property(x => x.Route).HasMaxLength(16);
            // Of two workers starting or closing a drill, only the first conditional update matches.
            d.Property(x => x.Status).HasMaxLength(16).IsConcurrencyToken();
            // The worker's scans: scheduled drills by start time, running drills by deadline.
            d.HasIndex(x => new { x.Status, x.ScheduledAt });
            d.HasIndex(x => new { x.Status, x.ClosesAt });
            d.HasIndex(x => new { x.OriginOrganizationId, x.CreatedAt });
            d.HasIndex(x => new { x.Direction, x.StartedAt });
            d.HasOne<Organization>().WithMany().HasForeignKey(x => x.OriginOrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<DrillRecipient>(r =>
        {
            r.ToTable("DrillRecipients");
            r.Ignore(x => x.IsAcknowledged);
            r.Property(x => x.SectorCode).HasMaxLength(32);
            r.Property(x => x.AcknowledgedVia).HasMaxLength(8);
            // Of two racing acknowledgements of one organisation, only the first update matches.
            r.Property(x => x.AcknowledgedAt).IsConcurrencyToken();
            r.HasIndex(x => new { x.DrillId, x.OrganizationId }).IsUnique();
            r.HasIndex(x => new { x.DrillId, x.ParentOrganizationId });
            // The banner: an organisation's received, unacknowledged drill messages.
            r.HasIndex(x => new { x.OrganizationId, x.AcknowledgedAt });
            r.HasOne<Drill>().WithMany().HasForeignKey(x => x.DrillId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
