using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>The correlation index's tables in <see cref="Data.KizunaDb"/>.</summary>
public static class CorrelationModel
{
    /// <summary>When the seeded warning-list entries are dated.</summary>
    public static readonly DateTimeOffset SeededAt = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Configure(ModelBuilder b)
    {
        b.Entity<ObservableOccurrence>(o =>
        {
            // One row per (key, item); the key comes first, so a lookup by key is a range of the primary key.
            o.HasKey(x => new { x.KeyId, x.ItemId });
            o.Property(x => x.Type).HasMaxLength(8);
            o.Property(x => x.Value).HasMaxLength(ObservableKey.MaxDisplayLength);
            o.Property(x => x.ItemKind).HasMaxLength(8);
            o.Property(x => x.SectorCode).HasMaxLength(32);
            o.Property(x => x.Pseudonym).HasMaxLength(64);
            o.Property(x => x.Tlp).HasConversion<string>().HasMaxLength(16);
            // Findings read a window of time; re-indexing an item reads its rows.
            o.HasIndex(x => x.At);
            o.HasIndex(x => x.ItemId);
        });
        b.Entity<OverCommonObservable>(o =>
        {
            o.HasKey(x => x.KeyId);
            o.Property(x => x.Type).HasMaxLength(8);
            o.Property(x => x.Value).HasMaxLength(ObservableKey.MaxDisplayLength);
        });
        b.Entity<CorrelationWarning>(w =>
        {
            w.HasIndex(x => x.KeyId).IsUnique();
            w.Property(x => x.Type).HasMaxLength(8);
            w.Property(x => x.Value).HasMaxLength(ObservableKey.MaxDisplayLength);
            w.Property(x => x.Note).HasMaxLength(CorrelationWarning.MaxNoteLength);
            w.Property(x => x.AddedBy).HasMaxLength(256);
            w.HasData(CorrelationWarning.Defaults.Select(d =>
            {
                var key = ObservableNormalizer.Normalize(d.Type, d.Value)!;
                return new
                {
                    Id = ObservableKey.IdOf("warning-seed:" + key.Key),
                    KeyId = key.Id,
                    key.Type,
                    Value = key.Display,
                    d.Note,
                    AddedBy = "seed",
                    AddedAt = SeededAt,
                };
            }));
        });
    }
}
