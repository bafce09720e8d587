using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Analytics.Correlation;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Automation;
using Kizuna.Core.Features.Crisis;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Federation;
using Kizuna.Core.Features.Hotline;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Interop;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Notices;
using Kizuna.Core.Features.Provision;
using Kizuna.Core.Features.Provision.Newsletter;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Kizuna.Core.Data;

/// <summary>
/// The one database context: the repository and unit of work for every feature. Shared items are
/// read through <see cref="DisclosurePolicy.Visible{T}"/>, never directly.
/// </summary>
public sealed class KizunaDb(DbContextOptions<KizunaDb> options) : IdentityUserContext<KizunaUser, Guid>(options)
{
    public DbSet<PlanVersion> PlanVersions => Set<PlanVersion>();
    public DbSet<Sector> Sectors => Set<Sector>();
    public DbSet<Prefecture> Prefectures => Set<Prefecture>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Ceptoar> Ceptoars => Set<Ceptoar>();
    public DbSet<SectorMinistryLink> SectorMinistryLinks => Set<SectorMinistryLink>();
    public DbSet<CriticalService> CriticalServices => Set<CriticalService>();
    public DbSet<ServiceDependency> ServiceDependencies => Set<ServiceDependency>();
    public DbSet<TaxonomyTerm> TaxonomyTerms => Set<TaxonomyTerm>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<IncidentReport> Reports => Set<IncidentReport>();
    public DbSet<ReportSubmission> ReportSubmissions => Set<ReportSubmission>();
    public DbSet<ReportEvent> ReportEvents => Set<ReportEvent>();
    public DbSet<ReportMessage> ReportMessages => Set<ReportMessage>();
    public DbSet<ReportAttachment> ReportAttachments => Set<ReportAttachment>();
    public DbSet<ReportAttachmentContent> ReportAttachmentContents => Set<ReportAttachmentContent>();
    public DbSet<ReporterIdentity> ReporterIdentities => Set<ReporterIdentity>();
    public DbSet<ReIdentificationRequest> ReIdentificationRequests => Set<ReIdentificationRequest>();
    public DbSet<LegalBasis> LegalBases => Set<LegalBasis>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<OrganizationDeliverySettings> DeliverySettings => Set<OrganizationDeliverySettings>();
    public DbSet<OrganizationWebhook> Webhooks => Set<OrganizationWebhook>();
    public DbSet<Advisory> Advisories => Set<Advisory>();
    public DbSet<AdvisoryRevision> AdvisoryRevisions => Set<AdvisoryRevision>();
    public DbSet<AdvisoryDelivery> AdvisoryDeliveries => Set<AdvisoryDelivery>();
    public DbSet<AdvisoryRead> AdvisoryReads => Set<AdvisoryRead>();
    public DbSet<AdvisoryFeedback> AdvisoryFeedback => Set<AdvisoryFeedback>();
    public DbSet<NewsletterIssue> NewsletterIssues => Set<NewsletterIssue>();
    public DbSet<HotlineAlert> HotlineAlerts => Set<HotlineAlert>();
    public DbSet<AlertAcknowledgement> AlertAcknowledgements => Set<AlertAcknowledgement>();
    public DbSet<CrisisDeclaration> CrisisDeclarations => Set<CrisisDeclaration>();
    public DbSet<CrisisRecipient> CrisisRecipients => Set<CrisisRecipient>();
    public DbSet<CrisisStatusAnswer> CrisisStatusAnswers => Set<CrisisStatusAnswer>();
    public DbSet<CrisisReminder> CrisisReminders => Set<CrisisReminder>();
    public DbSet<StixObjectRecord> StixObjects => Set<StixObjectRecord>();
    public DbSet<TaxiiStatus> TaxiiStatuses => Set<TaxiiStatus>();
    public DbSet<IngestRule> IngestRules => Set<IngestRule>();
    public DbSet<IngestRuleRun> IngestRuleRuns => Set<IngestRuleRun>();
    public DbSet<StixObjectTag> StixObjectTags => Set<StixObjectTag>();
    public DbSet<FederationPeer> FederationPeers => Set<FederationPeer>();
    public DbSet<ObservableOccurrence> ObservableOccurrences => Set<ObservableOccurrence>();
    public DbSet<OverCommonObservable> OverCommonObservables => Set<OverCommonObservable>();
    public DbSet<CorrelationWarning> CorrelationWarnings => Set<CorrelationWarning>();
    public DbSet<Exercise> Exercises => Set<Exercise>();
    public DbSet<ExerciseParticipant> ExerciseParticipants => Set<ExerciseParticipant>();
    public DbSet<ExerciseInject> ExerciseInjects => Set<ExerciseInject>();
    public DbSet<InjectRecipient> ExerciseInjectRecipients => Set<InjectRecipient>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        if (IsSqlite)
        {
            // SQLite has no date-time type that sorts with offsets: store UTC ticks.
            builder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
        else
        {
            // timestamptz takes UTC only: normalise whatever offset a caller used.
            builder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        b.Entity<KizunaUser>(u =>
        {
            u.Property(x => x.DisplayName).HasMaxLength(KizunaUser.MaxDisplayNameLength);
            u.Property(x => x.PreferredLanguage).HasMaxLength(8);
            u.HasIndex(x => x.OrganizationId);
            u.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<PlanVersion>(p =>
        {
            p.HasKey(x => x.Code);
            p.Property(x => x.Code).HasMaxLength(16);
        });

        b.Entity<Sector>(s =>
        {
            s.HasIndex(x => x.Code).IsUnique();
            s.Property(x => x.Code).HasMaxLength(32);
            s.Property(x => x.NameJa).HasMaxLength(200);
            s.Property(x => x.NameEn).HasMaxLength(200);
        });

        b.Entity<Prefecture>(p =>
        {
            p.HasKey(x => x.Code);
            p.Property(x => x.Code).HasMaxLength(8);
        });

        b.Entity<Organization>(o =>
        {
            o.HasIndex(x => x.Code).IsUnique();
            o.HasIndex(x => x.Kind);
            o.HasIndex(x => x.RegionCode);
            o.Property(x => x.Code).HasMaxLength(Organization.MaxCodeLength);
            o.Property(x => x.NameJa).HasMaxLength(Organization.MaxNameLength);
            o.Property(x => x.NameEn).HasMaxLength(Organization.MaxNameLength);
            o.Property(x => x.Kind).HasMaxLength(32);
            o.Property(x => x.RegionCode).HasMaxLength(8);
            o.Property(x => x.SizeClass).HasMaxLength(16);
            o.Property(x => x.TrustTier).HasMaxLength(16);
            o.OwnsMany(x => x.Contacts, c => c.ToJson());
            o.HasMany(x => x.Sectors).WithMany().UsingEntity("OrganizationSectors");
            o.HasMany(x => x.Ceptoars).WithMany().UsingEntity("CeptoarMemberships");
        });

        b.Entity<Ceptoar>(c =>
        {
            c.HasIndex(x => x.Code).IsUnique();
            c.Property(x => x.Code).HasMaxLength(32);
            c.HasOne(x => x.Sector).WithMany().HasForeignKey(x => x.SectorId).OnDelete(DeleteBehavior.Restrict);
            c.HasOne<Organization>().WithMany().HasForeignKey(x => x.SecretariatOrganizationId).OnDelete(DeleteBehavior.SetNull);
        });

        b.Entity<SectorMinistryLink>(l =>
        {
            l.HasOne(x => x.Sector).WithMany().HasForeignKey(x => x.SectorId).OnDelete(DeleteBehavior.Cascade);
            l.HasOne(x => x.Ministry).WithMany().HasForeignKey(x => x.MinistryOrganizationId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<CriticalService>(c =>
        {
            c.HasIndex(x => x.Code).IsUnique();
            c.Property(x => x.Code).HasMaxLength(64);
            c.HasOne(x => x.Sector).WithMany().HasForeignKey(x => x.SectorId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<ServiceDependency>(d =>
        {
            d.ToTable(t => t.HasCheckConstraint("CK_ServiceDependencies_NotSelf", "\"ServiceId\" <> \"DependsOnServiceId\""));
            d.HasIndex(x => new { x.ServiceId, x.DependsOnServiceId }).IsUnique();
            d.HasIndex(x => x.DependsOnServiceId);
            d.Property(x => x.Impact).HasMaxLength(16);
            d.Property(x => x.NoteJa).HasMaxLength(ServiceDependencyLimits.MaxNoteLength);
            d.Property(x => x.NoteEn).HasMaxLength(ServiceDependencyLimits.MaxNoteLength);
            d.HasOne(x => x.Service).WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Cascade);
            d.HasOne(x => x.DependsOn).WithMany().HasForeignKey(x => x.DependsOnServiceId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<TaxonomyTerm>(t =>
        {
            t.HasIndex(x => new { x.Scheme, x.Code }).IsUnique();
            t.Property(x => x.Scheme).HasMaxLength(32);
            t.Property(x => x.Code).HasMaxLength(64);
            t.Property(x => x.ParentCode).HasMaxLength(64);
        });

        b.Entity<ApiToken>(t =>
        {
            t.HasIndex(x => x.SecretHash).IsUnique();
            t.HasIndex(x => x.UserId);
            t.Property(x => x.SecretHash).HasMaxLength(64);
            t.Property(x => x.Hint).HasMaxLength(16);
            t.Property(x => x.Name).HasMaxLength(ApiToken.MaxNameLength);
            t.HasOne<KizunaUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<AuditEntry>(a =>
        {
            a.HasKey(x => x.Sequence);
            a.Property(x => x.Sequence).ValueGeneratedNever();
            a.HasIndex(x => x.At);
            a.HasIndex(x => x.Action);
            a.Property(x => x.Action).HasMaxLength(64);
            a.Property(x => x.ActorEmail).HasMaxLength(256);
            a.Property(x => x.TargetType).HasMaxLength(64);
            a.Property(x => x.TargetId).HasMaxLength(128);
            a.Property(x => x.Detail).HasMaxLength(AuditEntry.MaxDetailLength);
            a.Property(x => x.RemoteAddress).HasMaxLength(64);
            a.Property(x => x.PreviousHash).HasMaxLength(64);
            a.Property(x => x.Hash).HasMaxLength(64);
        });

        b.Entity<Notice>(n =>
        {
            n.Property(x => x.Title).HasMaxLength(Notice.MaxTitleLength);
            n.Property(x => x.Body).HasMaxLength(Notice.MaxBodyLength);
            n.HasIndex(x => x.PostedAt);
            n.OwnsOne(x => x.Distribution, d => ConfigureDistribution(d, "NoticeAudience"));
        });

        ConfigureLiaison(b);
        ConfigureDelivery(b);
        ConfigureProvision(b);
        ConfigureNewsletter(b);
        ConfigureHotline(b);
        ConfigureCrisis(b);
        ConfigureInterop(b);
        AutomationModel.Configure(b);
        CorrelationModel.Configure(b);
        ConfigureFederation(b);
        ConfigureExercises(b);
        Features.Exercises.Drills.DrillModel.Configure(b);
    }

    private static void ConfigureFederation(ModelBuilder b)
    {
        b.Entity<FederationPeer>(p =>
        {
            p.HasIndex(x => x.Code).IsUnique();
            p.Ignore(x => x.PushedCollectionList);
            p.Property(x => x.Code).HasMaxLength(FederationPeer.MaxCodeLength);
            p.Property(x => x.Name).HasMaxLength(FederationPeer.MaxNameLength);
            p.Property(x => x.Kind).HasMaxLength(16);
            p.Property(x => x.ApiRoot).HasMaxLength(FederationPeer.MaxUrlLength);
            p.Property(x => x.PullCollection).HasMaxLength(FederationPeer.MaxCollectionLength);
            p.Property(x => x.PushCollection).HasMaxLength(FederationPeer.MaxCollectionLength);
            p.Property(x => x.AuthScheme).HasMaxLength(16);
            p.Property(x => x.AuthUser).HasMaxLength(FederationPeer.MaxAuthUserLength);
            p.Property(x => x.MaxPushTlp).HasConversion<string>().HasMaxLength(16);
            p.Property(x => x.PushedCollections).HasMaxLength(FederationPeer.MaxPushedCollectionsLength);
            p.Property(x => x.LastError).HasMaxLength(FederationPeer.MaxErrorLength);
            p.Property(x => x.LastRefusal).HasMaxLength(FederationPeer.MaxErrorLength);
            // The scheduler's scan: enabled peers that are due.
            p.HasIndex(x => new { x.Enabled, x.NextAttemptAt });
        });
    }

    private static void ConfigureInterop(ModelBuilder b)
    {
        b.Entity<StixObjectRecord>(o =>
        {
            o.ToTable("StixObjects");
            o.Property(x => x.StixId).HasMaxLength(StixObjectRecord.MaxStixIdLength);
            o.Property(x => x.Type).HasMaxLength(StixObjectRecord.MaxTypeLength);
            o.Property(x => x.SpecVersion).HasMaxLength(8);
            o.Property(x => x.Label).HasMaxLength(StixObjectRecord.MaxLabelLength);
            // The cursor: unique and growing in commit order (a racing writer's insert fails here and retries).
            o.HasIndex(x => x.Sequence).IsUnique();
            // Idempotency: one row per (collection, object, version).
            o.HasIndex(x => new { x.CollectionId, x.StixId, x.Version }).IsUnique();
            // Paging by next and by added_after: seeks, never offset scans.
            o.HasIndex(x => new { x.CollectionId, x.Sequence });
            o.HasIndex(x => new { x.CollectionId, x.DateAdded, x.Sequence });
            // match[type] (match[id] uses the unique index above).
            o.HasIndex(x => new { x.CollectionId, x.Type, x.Sequence });
            o.OwnsOne(x => x.Distribution, d => ConfigureDistribution(d, "StixObjectAudience"));
        });
        b.Entity<TaxiiStatus>(s =>
        {
            s.Property(x => x.Status).HasMaxLength(16);
            s.HasIndex(x => x.RequestTimestamp);
            s.OwnsOne(x => x.Distribution, d => ConfigureDistribution(d, "TaxiiStatusAudience"));
        });
    }

    private static void ConfigureCrisis(ModelBuilder b)
    {
        b.Entity<CrisisDeclaration>(c =>
        {
            c.Ignore(x => x.IsActive);
            c.Property(x => x.Cause).HasMaxLength(16);
            // Of two racing stand-downs, only the first update matches.
            c.Property(x => x.Status).HasMaxLength(16).IsConcurrencyToken();
            c.HasIndex(x => x.DeclaredAt);
            c.HasOne<Organization>().WithMany().HasForeignKey(x => x.DeclaredByOrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<CrisisRecipient>(r =>
        {
            r.Ignore(x => x.HasAnswered);
            r.HasIndex(x => new { x.CrisisId, x.OrganizationId }).IsUnique();
            r.HasIndex(x => new { x.OrganizationId, x.CrisisId });
            // The escalator's scan: unanswered rows below the last level.
            r.HasIndex(x => new { x.FirstAnsweredAt, x.EscalationLevel });
            r.Property(x => x.SectorCode).HasMaxLength(32);
            r.HasOne<CrisisDeclaration>().WithMany().HasForeignKey(x => x.CrisisId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<CrisisStatusAnswer>(a =>
        {
            // One row per version: two members answering the same service at once cannot both take a version.
            a.HasIndex(x => new { x.CrisisId, x.OrganizationId, x.ServiceCode, x.Version }).IsUnique();
            a.Property(x => x.SectorCode).HasMaxLength(32);
            a.Property(x => x.ServiceCode).HasMaxLength(64);
            a.Property(x => x.Status).HasMaxLength(16);
            a.Property(x => x.Needs).HasMaxLength(CrisisLimits.MaxNeedsLength);
            a.HasOne<CrisisDeclaration>().WithMany().HasForeignKey(x => x.CrisisId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<CrisisReminder>(r =>
        {
            r.HasIndex(x => new { x.CrisisId, x.Round }).IsUnique();
            r.HasOne<CrisisDeclaration>().WithMany().HasForeignKey(x => x.CrisisId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigureExercises(ModelBuilder b)
    {
        b.Entity<Exercise>(e =>
        {
            e.Ignore(x => x.IsRunning);
            e.Property(x => x.Title).HasMaxLength(ExerciseLimits.MaxTitleLength);
            e.Property(x => x.Description).HasMaxLength(ExerciseLimits.MaxDescriptionLength);
            // Of two racing starts or ends, only the first update matches.
            e.Property(x => x.Status).HasMaxLength(16).IsConcurrencyToken();
            e.HasIndex(x => x.Status);
            e.HasIndex(x => x.StartedAt);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ExerciseParticipant>(p =>
        {
            p.Ignore(x => x.IsActive);
            p.Property(x => x.Role).HasMaxLength(16);
            p.HasIndex(x => new { x.ExerciseId, x.OrganizationId }).IsUnique();
            p.HasIndex(x => new { x.OrganizationId, x.ExerciseId });
            p.HasOne<Exercise>().WithMany().HasForeignKey(x => x.ExerciseId).OnDelete(DeleteBehavior.Cascade);
            p.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ExerciseInject>(i =>
        {
            i.Ignore(x => x.Audience);
            i.Ignore(x => x.Expectations);
            i.Property(x => x.Kind).HasMaxLength(32);
            i.Property(x => x.Title).HasMaxLength(ExerciseLimits.MaxInjectTitleLength);
            i.Property(x => x.Body).HasMaxLength(ExerciseLimits.MaxInjectBodyLength);
            i.Property(x => x.ItemKind).HasMaxLength(16);
            i.Property(x => x.Note).HasMaxLength(1000);
            // The exactly-once send: of two runners marking one inject sent, only the first update matches.
            i.Property(x => x.Status).HasMaxLength(16).IsConcurrencyToken();
            i.HasIndex(x => new { x.ExerciseId, x.Number }).IsUnique();
            // The runner's scan: pending injects by due time.
            i.HasIndex(x => new { x.Status, x.DueAt });
            i.HasOne<Exercise>().WithMany().HasForeignKey(x => x.ExerciseId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<InjectRecipient>(r =>
        {
            r.HasIndex(x => new { x.InjectId, x.OrganizationId }).IsUnique();
            // A player's timeline: the injects that reached its organisation.
            r.HasIndex(x => new { x.OrganizationId, x.ExerciseId });
            r.HasOne<ExerciseInject>().WithMany().HasForeignKey(x => x.InjectId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        // Exercise data (ExerciseIsolation): every item an inject or a player creates in an exercise points at it.
        b.Entity<IncidentReport>(x => { x.HasIndex(r => r.ExerciseId); x.HasOne<Exercise>().WithMany().HasForeignKey(r => r.ExerciseId).OnDelete(DeleteBehavior.Restrict); });
        b.Entity<Advisory>(x => { x.HasIndex(r => r.ExerciseId); x.HasOne<Exercise>().WithMany().HasForeignKey(r => r.ExerciseId).OnDelete(DeleteBehavior.Restrict); });
        b.Entity<HotlineAlert>(x => { x.HasIndex(r => r.ExerciseId); x.HasOne<Exercise>().WithMany().HasForeignKey(r => r.ExerciseId).OnDelete(DeleteBehavior.Restrict); });
        b.Entity<CrisisDeclaration>(x => { x.HasIndex(r => r.ExerciseId); x.HasOne<Exercise>().WithMany().HasForeignKey(r => r.ExerciseId).OnDelete(DeleteBehavior.Restrict); });
        b.Entity<Notice>(x => { x.HasIndex(r => r.ExerciseId); x.HasOne<Exercise>().WithMany().HasForeignKey(r => r.ExerciseId).OnDelete(DeleteBehavior.Restrict); });
    }

    private static void ConfigureHotline(ModelBuilder b)
    {
        b.Entity<HotlineAlert>(a =>
        {
            a.HasIndex(x => x.Sequence).IsUnique();
            a.Property(x => x.Class).HasMaxLength(16);
            a.Property(x => x.Direction).HasMaxLength(8).HasDefaultValue(AlertDirections.Down);
            a.Property(x => x.Title).HasMaxLength(HotlineLimits.MaxTitleLength);
            a.Property(x => x.Message).HasMaxLength(HotlineLimits.MaxMessageLength);
            a.HasIndex(x => x.CreatedAt);
            a.OwnsOne(x => x.Distribution, d => ConfigureDistribution(d, "HotlineAlertAudience"));
        });
        b.Entity<AlertAcknowledgement>(k =>
        {
            k.Ignore(x => x.IsAcknowledged);
            k.HasIndex(x => new { x.AlertId, x.OrganizationId }).IsUnique();
            k.HasIndex(x => new { x.OrganizationId, x.AlertId });
            // The escalator's scan: unacknowledged rows below the last level.
            k.HasIndex(x => new { x.AcknowledgedAt, x.EscalationLevel });
            // Of two racing acknowledgements of one organisation, only the first update matches.
            k.Property(x => x.AcknowledgedAt).IsConcurrencyToken();
            k.Property(x => x.SectorCode).HasMaxLength(32);
            k.Property(x => x.AcknowledgedVia).HasMaxLength(16);
            k.HasOne<HotlineAlert>().WithMany().HasForeignKey(x => x.AlertId).OnDelete(DeleteBehavior.Cascade);
            k.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    private static void ConfigureNewsletter(ModelBuilder b)
    {
        b.Entity<NewsletterIssue>(n =>
        {
            n.Ignore(x => x.Period);
            n.Ignore(x => x.IsReleased);
            n.Property(x => x.Number).HasMaxLength(16);
            n.HasIndex(x => x.Number).IsUnique();
            // A release updates only a row still in draft: of two racing releases, one commits.
            n.Property(x => x.Status).HasMaxLength(16).IsConcurrencyToken();
            n.Property(x => x.IntroJa).HasMaxLength(NewsletterLimits.MaxIntroLength);
            n.Property(x => x.IntroEn).HasMaxLength(NewsletterLimits.MaxIntroLength);
            n.HasIndex(x => x.PeriodStart);
        });
    }

    private static void ConfigureDelivery(ModelBuilder b)
    {
        b.Entity<OutboxMessage>(m =>
        {
            m.ToTable("OutboxMessages");
            m.Property(x => x.Channel).HasMaxLength(OutboxMessage.MaxChannelLength);
            m.Property(x => x.IdempotencyKey).HasMaxLength(OutboxMessage.MaxIdempotencyKeyLength);
            m.HasIndex(x => x.IdempotencyKey).IsUnique();
            m.Property(x => x.Topic).HasMaxLength(OutboxMessage.MaxTopicLength);
            m.Property(x => x.Destination).HasMaxLength(OutboxMessage.MaxDestinationLength);
            m.Property(x => x.Status).HasMaxLength(16);
            m.Property(x => x.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
            m.Property(x => x.LeaseOwner).HasMaxLength(OutboxMessage.MaxLeaseOwnerLength);
            m.HasIndex(x => new { x.Status, x.DueAt });
            m.HasIndex(x => new { x.Status, x.CreatedAt });
            m.HasIndex(x => x.LeaseOwner);
        });
        b.Entity<OrganizationDeliverySettings>(s =>
        {
            s.HasKey(x => x.OrganizationId);
            s.Property(x => x.RelayMode).HasMaxLength(16);
            s.HasOne<Organization>().WithOne().HasForeignKey<OrganizationDeliverySettings>(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<OrganizationWebhook>(w =>
        {
            w.HasIndex(x => x.OrganizationId);
            w.Property(x => x.Url).HasMaxLength(OrganizationWebhook.MaxUrlLength);
            w.Property(x => x.Secret).HasMaxLength(64);
            w.Property(x => x.Description).HasMaxLength(OrganizationWebhook.MaxDescriptionLength);
            w.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigureProvision(ModelBuilder b)
    {
        b.Entity<Advisory>(a =>
        {
            a.Ignore(x => x.Content);
            a.Property(x => x.Number).HasMaxLength(64);
            a.HasIndex(x => x.Number).IsUnique();
            a.Property(x => x.Status).HasMaxLength(16);
            a.Property(x => x.Title).HasMaxLength(AdvisoryLimits.MaxTitleLength);
            a.Property(x => x.WithdrawalReason).HasMaxLength(AdvisoryLimits.MaxNoteLength);
            a.HasIndex(x => x.PublishedAt);
            a.HasIndex(x => x.UpdatedAt);
            a.OwnsOne(x => x.Distribution, d => ConfigureDistribution(d, "AdvisoryAudience"));
        });
        b.Entity<AdvisoryRevision>(r =>
        {
            r.HasIndex(x => new { x.AdvisoryId, x.Number }).IsUnique();
            r.Property(x => x.Kind).HasMaxLength(16);
            r.Property(x => x.Note).HasMaxLength(AdvisoryLimits.MaxNoteLength);
            r.HasOne<Advisory>().WithMany().HasForeignKey(x => x.AdvisoryId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AdvisoryDelivery>(d =>
        {
            d.HasIndex(x => new { x.AdvisoryId, x.OrganizationId }).IsUnique();
            d.HasIndex(x => new { x.OrganizationId, x.ReceivedAt });
            d.HasIndex(x => new { x.AdvisoryId, x.ParentOrganizationId });
            d.Property(x => x.SectorCode).HasMaxLength(32);
            d.Property(x => x.Rule).HasMaxLength(100);
            d.Property(x => x.RelayNote).HasMaxLength(AdvisoryLimits.MaxNoteLength);
            d.HasOne<Advisory>().WithMany().HasForeignKey(x => x.AdvisoryId).OnDelete(DeleteBehavior.Cascade);
            d.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<AdvisoryRead>(r =>
        {
            r.HasKey(x => new { x.AdvisoryId, x.UserId });
            r.HasIndex(x => x.UserId);
            r.HasOne<Advisory>().WithMany().HasForeignKey(x => x.AdvisoryId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AdvisoryFeedback>(f =>
        {
            f.HasIndex(x => new { x.AdvisoryId, x.At });
            f.Property(x => x.Kind).HasMaxLength(32);
            f.Property(x => x.Comment).HasMaxLength(AdvisoryLimits.MaxCommentLength);
            f.Property(x => x.SectorCodes).HasMaxLength(400);
            f.HasOne<Advisory>().WithMany().HasForeignKey(x => x.AdvisoryId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigureLiaison(ModelBuilder b)
    {
        b.Entity<IncidentReport>(r =>
        {
            r.Property(x => x.Pseudonym).HasMaxLength(32);
            r.HasIndex(x => x.Pseudonym).IsUnique();
            r.Property(x => x.Status).HasMaxLength(16);
            r.Property(x => x.Priority).HasMaxLength(16);
            r.Property(x => x.Route).HasMaxLength(16);
            r.Property(x => x.RouteCeptoarCode).HasMaxLength(32);
            r.Property(x => x.IdentityDisclosure).HasMaxLength(32);
            r.Property(x => x.Basis).HasMaxLength(16);
            r.Property(x => x.LegalBasisCode).HasMaxLength(64);
            r.Property(x => x.SectorCode).HasMaxLength(32);
            r.Property(x => x.Title).HasMaxLength(ReportLimits.MaxTitleLength);
            r.Property(x => x.NextDueKind).HasMaxLength(16);
            r.HasIndex(x => x.ReporterOrganizationId);
            r.HasIndex(x => new { x.Status, x.LastSubmittedAt });
            r.HasIndex(x => x.LastSubmittedAt);
            r.HasIndex(x => x.UpdatedAt);
            r.HasIndex(x => x.SectorCode);
            r.HasIndex(x => x.NextDueAt);
            r.HasIndex(x => x.CrisisId);
            r.HasOne<CrisisDeclaration>().WithMany().HasForeignKey(x => x.CrisisId).OnDelete(DeleteBehavior.Restrict);
            r.OwnsOne(x => x.Distribution, d => ConfigureDistribution(d, "ReportAudience"));
        });
        b.Entity<ReportSubmission>(s =>
        {
            s.HasIndex(x => new { x.ReportId, x.Number }).IsUnique();
            s.Property(x => x.Kind).HasMaxLength(16);
            s.HasOne<IncidentReport>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReportEvent>(e =>
        {
            e.HasIndex(x => new { x.ReportId, x.At });
            e.Property(x => x.Action).HasMaxLength(32);
            e.Property(x => x.FromStatus).HasMaxLength(16);
            e.Property(x => x.ToStatus).HasMaxLength(16);
            e.Property(x => x.Note).HasMaxLength(ReportLimits.MaxNoteLength);
            e.HasOne<IncidentReport>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReportMessage>(m =>
        {
            m.HasIndex(x => new { x.ReportId, x.At });
            m.Property(x => x.Body).HasMaxLength(ReportMessage.MaxBodyLength);
            m.HasOne<IncidentReport>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReportAttachment>(a =>
        {
            a.HasIndex(x => x.ReportId);
            a.Property(x => x.FileName).HasMaxLength(ReportLimits.MaxFileNameLength);
            a.Property(x => x.ContentType).HasMaxLength(100);
            a.Property(x => x.Sha256).HasMaxLength(64);
            a.HasOne<IncidentReport>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne(x => x.Content).WithOne().HasForeignKey<ReportAttachmentContent>(c => c.AttachmentId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReportAttachmentContent>(c => c.HasKey(x => x.AttachmentId));
        b.Entity<ReporterIdentity>(i =>
        {
            i.HasKey(x => x.ReportId);
            i.Property(x => x.KeyId).HasMaxLength(64);
            i.HasOne<IncidentReport>().WithOne().HasForeignKey<ReporterIdentity>(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReIdentificationRequest>(r =>
        {
            r.HasIndex(x => x.ReportId);
            r.Property(x => x.Reason).HasMaxLength(2000);
        });
        b.Entity<LegalBasis>(l =>
        {
            l.HasKey(x => x.Code);
            l.Property(x => x.Code).HasMaxLength(64);
            l.Property(x => x.SectorCode).HasMaxLength(32);
        });
    }

    /// <summary>Maps a <see cref="Distribution"/> onto its owner's table, with the audience in a table of its own.</summary>
    public static void ConfigureDistribution<TOwner>(Microsoft.EntityFrameworkCore.Metadata.Builders.OwnedNavigationBuilder<TOwner, Distribution> d, string audienceTable)
        where TOwner : class
    {
        d.Property(x => x.Tlp).HasColumnName("Tlp").HasConversion<string>().HasMaxLength(16);
        d.Property(x => x.OwnerOrganizationId).HasColumnName("OwnerOrganizationId");
        d.HasIndex(x => x.OwnerOrganizationId);
        d.OwnsMany(x => x.Audience, a =>
        {
            a.ToTable(audienceTable);
            a.Property<Guid>("Id").ValueGeneratedOnAdd();
            a.HasKey("Id");
            a.Property(x => x.Kind).HasMaxLength(16);
            a.Property(x => x.Value).HasMaxLength(64);
            a.HasIndex(x => new { x.Kind, x.Value });
            // Covers the disclosure filter's correlated lookup (owner, kind, value) without touching the table.
            a.HasIndex("Distribution" + typeof(TOwner).Name + "Id", nameof(AudienceEntry.Kind), nameof(AudienceEntry.Value));
        });
    }

    private sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(),
        v => v);

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
