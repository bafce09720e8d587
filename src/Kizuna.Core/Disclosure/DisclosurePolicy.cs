using System.Linq.Expressions;
using Kizuna.Core.Features.Crisis;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Liaison;
using Kizuna.Stix;

namespace Kizuna.Core.Disclosure;

/// <summary>
/// The one rule for access (DESIGN §4): may this viewer see this item, and which fields.
/// <list type="bullet">
/// <item>The owning organisation always sees its own items; <see cref="Viewer.System"/> sees everything.</item>
/// <item>TLP:CLEAR is visible to every signed-in member.</item>
/// <item>TLP:GREEN, AMBER and AMBER+STRICT are visible to organisations the audience matches
/// (the community, a named organisation, one of its sectors, its kind, or its trust tier).</item>
/// <item>TLP:RED is visible only to organisations named one by one.</item>
/// <item>Platform admins get no extra sight of content: administration is not a need to know.</item>
/// </list>
/// <see cref="Visible{T}"/> (a query filter) and <see cref="CanSee"/> (an in-memory check) state the
/// same rule; a property test holds them equal.
/// </summary>
public static class DisclosurePolicy
{
    /// <summary>Filters a query to the items the viewer may see.</summary>
    public static IQueryable<T> Visible<T>(IQueryable<T> query, Viewer viewer) where T : class, IShareable
    {
        if (viewer.IsSystem) return query;
        var predicate = DistributionPredicate(viewer);
        var item = Expression.Parameter(typeof(T), "item");
        var distribution = Expression.Property(item, typeof(T).GetProperty(nameof(IShareable.Distribution))!);
        var body = new ParameterReplacer(predicate.Parameters[0], distribution).Visit(predicate.Body);
        return query.Where(Expression.Lambda<Func<T, bool>>(body, item));
    }

    /// <summary>Whether the viewer may see one item already in memory.</summary>
    public static bool CanSee(Viewer viewer, IShareable item)
    {
        if (viewer.IsSystem) return true;
        var d = item.Distribution;
        if (d.OwnerOrganizationId == viewer.OrganizationId) return true;
        var orgValue = viewer.OrganizationId.ToString("D");
        return d.Tlp switch
        {
            Tlp.Clear => true,
            Tlp.Red => d.Audience.Any(a => a.Kind == AudienceKind.Organization && a.Value == orgValue),
            _ => d.Audience.Any(a => Matches(a, viewer, orgValue)),
        };
    }

    /// <summary>
    /// The audience entry that admits the viewer's organisation, regardless of TLP:CLEAR's
    /// universal visibility: who an item is <em>sent</em> to (push), as opposed to who may open it.
    /// A named organisation wins over the wider entries; at TLP:RED only named organisations match.
    /// </summary>
    public static AudienceEntry? AdmittingEntry(Viewer viewer, Distribution d)
    {
        var orgValue = viewer.OrganizationId.ToString("D");
        var named = d.Audience.FirstOrDefault(a => a.Kind == AudienceKind.Organization && a.Value == orgValue);
        if (named is not null || d.Tlp == Tlp.Red) return named;
        return d.Audience.FirstOrDefault(a => Matches(a, viewer, orgValue));
    }

    private static bool Matches(AudienceEntry a, Viewer v, string orgValue) =>
        a.Kind == AudienceKind.Community
        || (a.Kind == AudienceKind.Organization && a.Value == orgValue)
        || (a.Kind == AudienceKind.Sector && v.SectorCodes.Contains(a.Value))
        || (a.Kind == AudienceKind.OrganizationKind && a.Value == v.OrganizationKind)
        || (a.Kind == AudienceKind.TrustTier && a.Value == v.TrustTier);

    private static Expression<Func<Distribution, bool>> DistributionPredicate(Viewer v)
    {
        var orgId = v.OrganizationId;
        var orgValue = v.OrganizationId.ToString("D");
        var sectors = v.SectorCodes.ToList();
        var kind = v.OrganizationKind;
        // No sentinel for "no tier": PostgreSQL rejects text parameters containing NUL (22021).
        var tier = v.TrustTier;
        return d => d.OwnerOrganizationId == orgId
            || d.Tlp == Tlp.Clear
            // One correlated lookup per item: a named organisation matches at any TLP, the rest only below RED.
            || d.Audience.Any(a =>
                (a.Kind == AudienceKind.Organization && a.Value == orgValue)
                || (d.Tlp != Tlp.Red
                    && (a.Kind == AudienceKind.Community
                        || (a.Kind == AudienceKind.Sector && sectors.Contains(a.Value))
                        || (a.Kind == AudienceKind.OrganizationKind && a.Value == kind)
                        || (tier != null && a.Kind == AudienceKind.TrustTier && a.Value == tier))));
    }

    /// <summary>
    /// Whether the viewer may see an organisation's contacts (used for hotline escalation): members
    /// of the organisation, platform admins, the coordinator, a ministry responsible for one of its
    /// sectors, and the secretariat of a CEPTOAR it belongs to.
    /// </summary>
    public static bool CanSeeContacts(Viewer viewer, Organization org, IReadOnlyCollection<Guid> responsibleMinistryIds, IReadOnlyCollection<Guid> ceptoarSecretariatIds)
        => viewer.IsSystem
           || viewer.OrganizationId == org.Id
           || viewer.IsPlatformAdmin
           || viewer.OrganizationKind == OrganizationKinds.Coordinator
           || responsibleMinistryIds.Contains(viewer.OrganizationId)
           || ceptoarSecretariatIds.Contains(viewer.OrganizationId);

    /// <summary>
    /// How much of a liaison report a viewer who may see it gets (秘匿化): the reporting organisation
    /// and those its identity-disclosure choice names get the full report; everyone else the
    /// sanitized view. <paramref name="sectorMinistryIds"/> are the ministries currently responsible
    /// for the report's sector.
    /// </summary>
    public static ReportViewLevel ReportView(Viewer viewer, IncidentReport report, IReadOnlyCollection<Guid> sectorMinistryIds)
        => viewer.IsSystem
            ? ReportViewLevel.Full
            : ReportView(viewer.OrganizationId, viewer.OrganizationKind, report.ReporterOrganizationId, report.IdentityDisclosure, sectorMinistryIds);

    /// <summary>The same rule for an organisation that is not the current viewer (who a report would reach).</summary>
    public static ReportViewLevel ReportView(Guid organizationId, string organizationKind, Guid reporterOrganizationId, string identityDisclosure, IReadOnlyCollection<Guid> sectorMinistryIds)
    {
        if (organizationId == reporterOrganizationId) return ReportViewLevel.Full;
        var ministry = identityDisclosure is IdentityDisclosures.Ministry or IdentityDisclosures.MinistryAndCoordinator
                       && sectorMinistryIds.Contains(organizationId);
        var coordinator = identityDisclosure == IdentityDisclosures.MinistryAndCoordinator
                          && organizationKind == OrganizationKinds.Coordinator;
        return ministry || coordinator ? ReportViewLevel.Full : ReportViewLevel.Sanitized;
    }

    /// <summary>Whether the viewer may read the reporter's identity: full-view readers, or a re-identification two admins approved.</summary>
    public static bool MayReadIdentity(Viewer viewer, IncidentReport report, IReadOnlyCollection<Guid> sectorMinistryIds, bool approvedReIdentification)
        => ReportView(viewer, report, sectorMinistryIds) == ReportViewLevel.Full || (approvedReIdentification && viewer.IsPlatformAdmin);

    /// <summary>
    /// Who enters a crisis room (大規模IT障害対応時, 別紙4-2), and how far: the coordinator, the
    /// ministries responsible today for one of the affected sectors, and the parties the cause adds
    /// (incident-handling agencies for <see cref="CrisisCauses.Cyber"/>, disaster-management
    /// ministries for <see cref="CrisisCauses.Disaster"/>) see the board; an operator asked for its
    /// status sees the declaration and its own answers; everyone else nothing (404). Platform admins
    /// get no extra sight. Every read of a crisis (declaration, board, timeline, summary, list) goes
    /// through this function.
    /// </summary>
    /// <param name="cause">The crisis's cause class.</param>
    /// <param name="sectorMinistryIds">The ministries currently responsible for the crisis's sectors.</param>
    /// <param name="statusRequested">Whether the viewer's organisation was sent the crisis's status request.</param>
    /// <param name="outsideExercise">The crisis is simulated in an exercise the viewer's organisation takes no part in: for it the crisis does not exist.</param>
    public static CrisisRoomAccess CrisisRoom(Viewer viewer, string cause, IReadOnlyCollection<Guid> sectorMinistryIds, bool statusRequested, bool outsideExercise = false)
    {
        if (outsideExercise && !viewer.IsSystem) return CrisisRoomAccess.None;
        if (viewer.IsSystem || viewer.OrganizationKind == OrganizationKinds.Coordinator) return CrisisRoomAccess.Board;
        if (viewer.OrganizationKind == OrganizationKinds.Ministry && sectorMinistryIds.Contains(viewer.OrganizationId)) return CrisisRoomAccess.Board;
        if ((cause == CrisisCauses.Cyber && viewer.OrganizationKind == OrganizationKinds.IncidentAgency)
            || (cause == CrisisCauses.Disaster && viewer.OrganizationKind == OrganizationKinds.DisasterMinistry))
            return CrisisRoomAccess.Board;
        return statusRequested ? CrisisRoomAccess.OwnAnswers : CrisisRoomAccess.None;
    }

    /// <summary>
    /// Which statistics a viewer sees (動向・年次集計): the coordinator (and the system) every sector,
    /// exact; a sector ministry the sectors it is responsible for today; every other organisation its
    /// own sectors. Outside the coordinator every count is thresholded (<see cref="StatisticsScope.Cell"/>).
    /// Only aggregates are ever built from the scope; no item leaves a statistics query.
    /// </summary>
    /// <param name="ministrySectors">The sectors the viewer's organisation is responsible for today, when it is a ministry.</param>
    /// <param name="threshold">The minimum count shown as a number to anyone but the coordinator.</param>
    public static StatisticsScope Statistics(Viewer viewer, IReadOnlySet<string> ministrySectors, int threshold)
    {
        if (viewer.IsSystem || viewer.OrganizationKind == OrganizationKinds.Coordinator) return new StatisticsScope(null, false, threshold);
        var sectors = viewer.OrganizationKind == OrganizationKinds.Ministry ? ministrySectors : viewer.SectorCodes.ToHashSet(StringComparer.Ordinal);
        return new StatisticsScope(sectors.ToHashSet(StringComparer.Ordinal), true, threshold);
    }

    /// <summary>
    /// What a viewer may see of a drill (セプター訓練): the originating organisation and the coordinator
    /// the drill and its report; an organisation the message has reached its own message only; nobody
    /// else anything (404). <paramref name="received"/>: the message has reached the viewer's organisation.
    /// </summary>
    public static Features.Exercises.Drills.DrillAccess Drill(Viewer viewer, Guid originOrganizationId, bool received)
        => viewer.IsSystem || viewer.OrganizationId == originOrganizationId || viewer.OrganizationKind == OrganizationKinds.Coordinator
            ? Features.Exercises.Drills.DrillAccess.Report
            : received ? Features.Exercises.Drills.DrillAccess.Message : Features.Exercises.Drills.DrillAccess.None;

    /// <summary>The same rule as a query filter: the drills of which the viewer may see at least its own message.</summary>
    public static IQueryable<Features.Exercises.Drills.Drill> VisibleDrills(IQueryable<Features.Exercises.Drills.Drill> drills,
        IQueryable<Features.Exercises.Drills.DrillRecipient> recipients, Viewer viewer)
        => viewer.IsSystem || viewer.OrganizationKind == OrganizationKinds.Coordinator ? drills
            : drills.Where(d => d.OriginOrganizationId == viewer.OrganizationId
                                || recipients.Any(r => r.DrillId == d.Id && r.OrganizationId == viewer.OrganizationId && r.ReceivedAt != null));

    /// <summary>Whether reading the item must be written to the audit trail (AMBER+STRICT and RED).</summary>
    public static bool ReadIsAudited(IShareable item) => ReadIsAudited(item.Distribution.Tlp);

    /// <summary>The same rule for a marking read without its item (a projected row).</summary>
    public static bool ReadIsAudited(Tlp tlp) => tlp >= Tlp.AmberStrict;

    private sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
