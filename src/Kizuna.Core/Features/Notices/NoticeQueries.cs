using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Paging;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Notices;

/// <remarks><see cref="Exercise"/>: the exercise the notice is a message of (a 演習/EXERCISE badge and banner); null for a real notice.</remarks>
public sealed record NoticeView(Guid Id, string Title, string Body, string Tlp, string AuthorOrganizationCode, DateTimeOffset PostedAt, IReadOnlyList<AudienceInput> Audience,
    ExerciseRef? Exercise = null);

/// <summary>Reads notices, always through the disclosure policy; reads of AMBER+STRICT and RED notices are audited.</summary>
public sealed class NoticeQueries(KizunaDb db, AuditTrail audit)
{
    /// <param name="exercise"><see cref="ExerciseFilter"/>: include (default), exclude or only exercise notices.</param>
    public async Task<Paged<NoticeView>> ListAsync(Viewer viewer, PageRequest paging, string? exercise = null, CancellationToken ct = default)
    {
        var visible = ExerciseFilter.Apply(DisclosurePolicy.Visible(db.Notices.AsNoTracking(), viewer), exercise);
        var total = await visible.CountAsync(ct);
        var notices = await visible.OrderByDescending(n => n.PostedAt).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var views = await ToViewsAsync(notices, ct);
        await AuditReadsAsync(viewer, notices, ct);
        return new Paged<NoticeView>(views, paging.Page, paging.PageSize, total);
    }

    public async Task<NoticeView> GetAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var notice = await DisclosurePolicy.Visible(db.Notices.AsNoTracking(), viewer).FirstOrDefaultAsync(n => n.Id == id, ct)
            ?? throw new NotFoundException("No such notice.");
        await AuditReadsAsync(viewer, [notice], ct);
        return (await ToViewsAsync([notice], ct))[0];
    }

    private async Task AuditReadsAsync(Viewer viewer, IEnumerable<Notice> notices, CancellationToken ct)
    {
        foreach (var n in notices.Where(DisclosurePolicy.ReadIsAudited))
            await audit.AppendAsync(db, AuditRecord.By(viewer, "item.read", "notice", n.Id.ToString("D"), TlpMarkings.Label(n.Distribution.Tlp)), ct);
    }

    private async Task<IReadOnlyList<NoticeView>> ToViewsAsync(IReadOnlyList<Notice> notices, CancellationToken ct)
    {
        var orgIds = notices.SelectMany(n => n.Distribution.Audience.Where(a => a.Kind == AudienceKind.Organization).Select(a => Guid.Parse(a.Value)))
            .Concat(notices.Select(n => n.Distribution.OwnerOrganizationId)).Distinct().ToList();
        var codes = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        var exercises = await ExerciseMarks.OfAsync(db, notices.Select(n => n.ExerciseId), ct);
        return notices.Select(n => new NoticeView(n.Id, n.Title, n.Body, TlpMarkings.Label(n.Distribution.Tlp),
            codes.GetValueOrDefault(n.Distribution.OwnerOrganizationId, "?"), n.PostedAt,
            n.Distribution.Audience.Select(a => new AudienceInput(a.Kind,
                a.Kind == AudienceKind.Organization ? codes.GetValueOrDefault(Guid.Parse(a.Value), "?") : a.Value)).ToList(),
            n.ExerciseId is { } e ? exercises.GetValueOrDefault(e) : null)).ToList();
    }
}
