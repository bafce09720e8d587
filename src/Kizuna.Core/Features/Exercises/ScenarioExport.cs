using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises;

/// <summary>Writes an exercise's scenario as a <see cref="ScenarioDocument"/> (managers only): what <see cref="AuthorExerciseHandler.ImportAsync"/> reads back.</summary>
public sealed class ScenarioExport(KizunaDb db, ExerciseAccess access)
{
    public async Task<ScenarioDocument> ExportAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        var exercise = await access.FindManagedAsync(id, viewer, ct);
        var participants = await (from p in db.ExerciseParticipants.AsNoTracking()
                                  join o in db.Organizations.AsNoTracking() on p.OrganizationId equals o.Id
                                  where p.ExerciseId == id && p.RemovedAt == null
                                  orderby o.Code
                                  select new ParticipantInput(o.Code, p.Role, p.People)).ToListAsync(ct);
        var injects = (await db.ExerciseInjects.AsNoTracking().Where(i => i.ExerciseId == id).OrderBy(i => i.Number).ToListAsync(ct))
            .Select(i => new InjectInput(i.Offset.TotalMinutes, i.Kind, i.Title, i.Body, i.Audience, i.Expectations)).ToList();
        return new ScenarioDocument(exercise.Title, exercise.Description, exercise.Speed, exercise.ScheduledStartAt, participants, injects);
    }
}
