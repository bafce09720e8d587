using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises;

/// <summary>An exercise's header as a client writes it: speed 1 (real time) to 600, the scheduled start optional.</summary>
public sealed record ExerciseInput(string Title, string? Description, double Speed, DateTimeOffset? ScheduledStartAt);

/// <summary>A participant as a client writes it: the organisation by code, its role and the number of people.</summary>
public sealed record ParticipantInput(string OrganizationCode, string Role, int People);

/// <summary>
/// An inject as a client writes it: offset in scenario minutes, kind, title, body, audience
/// (<c>{"kind":"players"}</c>, <c>{"kind":"organization","value":"HIKARI-BANK"}</c>, <c>{"kind":"sector","value":"finance"}</c>;
/// players when empty) and the expected responses. <see cref="Number"/> places it (the end when null).
/// </summary>
public sealed record InjectInput(double OffsetMinutes, string Kind, string Title, string Body,
    IReadOnlyList<InjectAudience>? Audience, IReadOnlyList<ExpectedResponse>? Expectations, int? Number = null);

/// <summary>
/// Scenario authoring (演習シナリオ作成): the exercise header, its participants and its injects. The
/// scenario (header and injects) changes only while the exercise is a draft; participants may also be
/// added, changed and removed while it runs (a removed participant keeps its row: what it received and
/// did stays, pending injects skip it). An inject whose due time is already past under the scheduled
/// start is refused with the inject named, so the author moves the start or the offset.
/// </summary>
public sealed class AuthorExerciseHandler(KizunaDb db, ExerciseAccess access, AuditTrail audit, TimeProvider clock)
{
    public async Task<Exercise> CreateAsync(ExerciseInput input, Viewer viewer, CancellationToken ct = default)
    {
        if (!ExerciseAccess.MayCreate(viewer)) throw new ForbiddenException("Only analysts of the coordinator, or of a ministry for its sectors, run exercises.");
        var now = clock.GetUtcNow();
        RequireFutureStart(input.ScheduledStartAt, now);
        var exercise = new Exercise(input.Title ?? "", input.Description, input.Speed, input.ScheduledStartAt, viewer.OrganizationId, viewer.UserId, now);
        db.Exercises.Add(exercise);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "exercise.created", "exercise", exercise.Id.ToString("D"), $"{exercise.Title}, {exercise.Speed}×"), ct);
        await db.SaveChangesAsync(ct);
        return exercise;
    }

    public async Task<Exercise> UpdateAsync(Guid id, ExerciseInput input, Viewer viewer, CancellationToken ct = default)
    {
        var exercise = await access.FindManagedAsync(id, viewer, ct);
        var now = clock.GetUtcNow();
        RequireFutureStart(input.ScheduledStartAt, now);
        exercise.Edit(input.Title ?? "", input.Description, input.Speed, input.ScheduledStartAt, now);
        RequireNoPastInjects(exercise, await db.ExerciseInjects.Where(i => i.ExerciseId == id).ToListAsync(ct), now);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "exercise.updated", "exercise", exercise.Id.ToString("D"), $"{exercise.Title}, {exercise.Speed}×"), ct);
        await db.SaveChangesAsync(ct);
        return exercise;
    }

    /// <summary>Deletes a draft with its participants and injects; an exercise that has run is kept (its data is exercise data).</summary>
    public async Task DeleteAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        var exercise = await access.FindManagedAsync(id, viewer, ct);
        if (exercise.Status != ExerciseStates.Draft) throw new ConflictException($"The exercise is {exercise.Status}; only a draft can be deleted (cancel a running one).");
        db.Exercises.Remove(exercise);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "exercise.deleted", "exercise", exercise.Id.ToString("D"), exercise.Title), ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task<ExerciseParticipant> AddParticipantAsync(Guid id, ParticipantInput input, Viewer viewer, CancellationToken ct = default)
    {
        var exercise = await access.FindManagedAsync(id, viewer, ct);
        RequireNotEnded(exercise);
        var org = await FindOrganizationAsync(input.OrganizationCode, ct);
        await RequireInMinistrySectorsAsync(exercise, org, input.Role, ct);
        var existing = await db.ExerciseParticipants.FirstOrDefaultAsync(p => p.ExerciseId == id && p.OrganizationId == org.Id, ct);
        if (existing is { IsActive: true }) throw new ConflictException($"{org.Code} is already a participant; change it instead.");
        if (existing is null && await db.ExerciseParticipants.CountAsync(p => p.ExerciseId == id, ct) >= ExerciseLimits.MaxParticipants)
            throw new InputException("organizationCode", $"At most {ExerciseLimits.MaxParticipants} participants per exercise.");
        var now = clock.GetUtcNow();
        var participant = existing ?? new ExerciseParticipant(id, org.Id, input.Role ?? "", input.People, now);
        if (existing is not null)
        {
            // Registered again after removal: the same row comes back (one row per organisation).
            existing.Change(input.Role ?? "", input.People);
            existing.Restore();
        }
        else db.ExerciseParticipants.Add(participant);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "exercise.participant-added", "exercise", id.ToString("D"), $"{org.Code} as {participant.Role}, {participant.People} people"), ct);
        await db.SaveChangesAsync(ct);
        return participant;
    }

    public async Task<ExerciseParticipant> ChangeParticipantAsync(Guid id, string organizationCode, ParticipantInput input, Viewer viewer, CancellationToken ct = default)
    {
        var exercise = await access.FindManagedAsync(id, viewer, ct);
        RequireNotEnded(exercise);
        var participant = await FindParticipantAsync(id, organizationCode, ct);
        var org = await FindOrganizationAsync(organizationCode, ct);
        await RequireInMinistrySectorsAsync(exercise, org, input.Role, ct);
        participant.Change(input.Role ?? "", input.People);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "exercise.participant-changed", "exercise", id.ToString("D"), $"{org.Code} as {participant.Role}, {participant.People} people"), ct);
        await db.SaveChangesAsync(ct);
        return participant;
    }

    /// <summary>Removes a participant, also mid-exercise: its row stays with the time of removal, so nothing it received or did is lost; pending injects skip it.</summary>
    public async Task RemoveParticipantAsync(Guid id, string organizationCode, Viewer viewer, CancellationToken ct = default)
    {
        var exercise = await access.FindManagedAsync(id, viewer, ct);
        RequireNotEnded(exercise);
        var participant = await FindParticipantAsync(id, organizationCode, ct);
        if (exercise.Status == ExerciseStates.Draft)
            db.ExerciseParticipants.Remove(participant); // nothing happened yet: no trace needed
        else
            participant.Remove(clock.GetUtcNow());
        await audit.AppendAsync(db, AuditRecord.By(viewer, "exercise.participant-removed", "exercise", id.ToString("D"), organizationCode), ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task<ExerciseInject> AddInjectAsync(Guid id, InjectInput input, Viewer viewer, CancellationToken ct = default)
    {
        var exercise = await DraftAsync(id, viewer, ct);
        var injects = await db.ExerciseInjects.Where(i => i.ExerciseId == id).OrderBy(i => i.Number).ToListAsync(ct);
        if (injects.Count >= ExerciseLimits.MaxInjects) throw new InputException("injects", $"At most {ExerciseLimits.MaxInjects} injects per exercise.");
        var check = new InputCheck();
        var number = input.Number ?? injects.Count + 1;
        check.That(number >= 1 && number <= injects.Count + 1, "number", $"The number runs from 1 to {injects.Count + 1}.");
        await CheckAudienceAsync(exercise, input.Audience, check, ct);
        check.ThrowIfInvalid("The inject is invalid.");
        var inject = new ExerciseInject(id, number, Offset(input.OffsetMinutes), input.Kind ?? "", input.Title ?? "", input.Body ?? "", AudienceOf(input), input.Expectations ?? []);
        RequireNoPastInjects(exercise, [inject], clock.GetUtcNow());
        var order = injects.ToList();
        order.Insert(number - 1, inject);
        await RenumberAsync(injects, order, ct);
        db.ExerciseInjects.Add(inject);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "exercise.inject-added", "exercise", id.ToString("D"), $"#{number} {inject.Kind} at {inject.Offset.TotalMinutes} min"), ct);
        await db.SaveChangesAsync(ct);
        return inject;
    }

    /// <summary>Changes an inject; a different <see cref="InjectInput.Number"/> moves it (the others shift).</summary>
    public async Task<ExerciseInject> ChangeInjectAsync(Guid id, int number, InjectInput input, Viewer viewer, CancellationToken ct = default)
    {
        var exercise = await DraftAsync(id, viewer, ct);
        var injects = await db.ExerciseInjects.Where(i => i.ExerciseId == id).OrderBy(i => i.Number).ToListAsync(ct);
        var inject = injects.FirstOrDefault(i => i.Number == number) ?? throw new NotFoundException($"The exercise has no inject {number}.");
        var check = new InputCheck();
        var target = input.Number ?? number;
        check.That(target >= 1 && target <= injects.Count, "number", $"The number runs from 1 to {injects.Count}.");
        await CheckAudienceAsync(exercise, input.Audience, check, ct);
        check.ThrowIfInvalid("The inject is invalid.");
        inject.Change(Offset(input.OffsetMinutes), input.Kind ?? "", input.Title ?? "", input.Body ?? "", AudienceOf(input), input.Expectations ?? []);
        RequireNoPastInjects(exercise, [inject], clock.GetUtcNow());
        if (target != number)
        {
            var order = injects.Where(i => i != inject).ToList();
            order.Insert(target - 1, inject);
            await RenumberAsync(injects, order, ct);
        }
        await audit.AppendAsync(db, AuditRecord.By(viewer, "exercise.inject-changed", "exercise", id.ToString("D"), $"#{inject.Number} {inject.Kind} at {inject.Offset.TotalMinutes} min"), ct);
        await db.SaveChangesAsync(ct);
        return inject;
    }

    public async Task RemoveInjectAsync(Guid id, int number, Viewer viewer, CancellationToken ct = default)
    {
        await DraftAsync(id, viewer, ct);
        var injects = await db.ExerciseInjects.Where(i => i.ExerciseId == id).OrderBy(i => i.Number).ToListAsync(ct);
        var inject = injects.FirstOrDefault(i => i.Number == number) ?? throw new NotFoundException($"The exercise has no inject {number}.");
        db.ExerciseInjects.Remove(inject);
        await db.SaveChangesAsync(ct);
        var rest = injects.Where(i => i != inject).ToList();
        await RenumberAsync(rest, rest, ct);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "exercise.inject-removed", "exercise", id.ToString("D"), $"#{number} {inject.Kind}"), ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Replaces the scenario of a draft (header, participants, injects) with an imported one, all or nothing.</summary>
    public async Task<Exercise> ImportAsync(Guid id, ScenarioDocument scenario, Viewer viewer, CancellationToken ct = default)
    {
        var exercise = await DraftAsync(id, viewer, ct);
        var participants = scenario.Participants ?? [];
        var injects = scenario.Injects ?? [];
        var check = new InputCheck()
            .That(participants.Count <= ExerciseLimits.MaxParticipants, "participants", $"At most {ExerciseLimits.MaxParticipants} participants per exercise.")
            .That(injects.Count <= ExerciseLimits.MaxInjects, "injects", $"At most {ExerciseLimits.MaxInjects} injects per exercise.");
        check.ThrowIfInvalid("The scenario is invalid.");
        for (var i = 0; i < participants.Count; i++) check.That(participants[i] is not null, $"participants[{i}]", "The entry is empty (null).");
        for (var i = 0; i < injects.Count; i++) check.That(injects[i] is not null, $"injects[{i}]", "The entry is empty (null).");
        check.ThrowIfInvalid("The scenario is invalid.");
        check.That(participants.Select(p => p.OrganizationCode).Distinct(StringComparer.Ordinal).Count() == participants.Count, "participants", "An organisation is listed twice.")
            .ThrowIfInvalid("The scenario is invalid.");
        var now = clock.GetUtcNow();
        RequireFutureStart(scenario.ScheduledStartAt, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        exercise.Edit(scenario.Title ?? "", scenario.Description, scenario.Speed, scenario.ScheduledStartAt, now);
        await db.ExerciseInjects.Where(i => i.ExerciseId == id).ExecuteDeleteAsync(ct);
        await db.ExerciseParticipants.Where(p => p.ExerciseId == id).ExecuteDeleteAsync(ct);
        var codes = participants.Select(p => p.OrganizationCode ?? "").ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => codes.Contains(o.Code)).Select(o => new { o.Id, o.Code }).ToListAsync(ct);
        var errors = new InputCheck();
        foreach (var (p, index) in participants.Select((p, i) => (p, i)))
        {
            var org = orgs.FirstOrDefault(o => o.Code == p.OrganizationCode);
            if (org is null) { errors.Add($"participants[{index}]", $"No organisation has the code '{p.OrganizationCode}'."); continue; }
            try
            {
                await RequireInMinistrySectorsAsync(exercise, (org.Id, org.Code), p.Role, ct);
                db.ExerciseParticipants.Add(new ExerciseParticipant(id, org.Id, p.Role ?? "", p.People, now));
            }
            catch (InputException e) { foreach (var (_, messages) in e.Errors) foreach (var m in messages) errors.Add($"participants[{index}]", m); }
        }
        foreach (var (input, index) in injects.Select((x, i) => (x, i)))
        {
            try
            {
                var audienceCheck = new InputCheck();
                await CheckAudienceAsync(exercise, input.Audience, audienceCheck, ct);
                audienceCheck.ThrowIfInvalid();
                var inject = new ExerciseInject(id, index + 1, Offset(input.OffsetMinutes), input.Kind ?? "", input.Title ?? "", input.Body ?? "", AudienceOf(input), input.Expectations ?? []);
                RequireNoPastInjects(exercise, [inject], now);
                db.ExerciseInjects.Add(inject);
            }
            catch (InputException e) { foreach (var (_, messages) in e.Errors) foreach (var m in messages) errors.Add($"injects[{index}]", m); }
        }
        errors.ThrowIfInvalid("The scenario is invalid; nothing was changed.");
        await audit.AppendAsync(db, AuditRecord.By(viewer, "exercise.imported", "exercise", id.ToString("D"), $"{participants.Count} participants, {injects.Count} injects"), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return exercise;
    }

    private async Task<Exercise> DraftAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        var exercise = await access.FindManagedAsync(id, viewer, ct);
        if (exercise.Status != ExerciseStates.Draft) throw new ConflictException($"The exercise is {exercise.Status}; its scenario can change only while it is a draft.");
        return exercise;
    }

    private static void RequireNotEnded(Exercise exercise)
    {
        if (exercise.Status is ExerciseStates.Completed or ExerciseStates.Cancelled)
            throw new ConflictException($"The exercise has ended ({exercise.Status}); its participants are final.");
    }

    private static TimeSpan Offset(double minutes)
    {
        if (double.IsNaN(minutes) || double.IsInfinity(minutes) || minutes < 0 || minutes > ExerciseLimits.MaxOffset.TotalMinutes)
            throw new InputException("offsetMinutes", $"The offset runs from 0 to {ExerciseLimits.MaxOffset.TotalMinutes} scenario minutes.");
        return TimeSpan.FromMinutes(minutes);
    }

    private static IReadOnlyList<InjectAudience> AudienceOf(InjectInput input)
        => input.Audience is { Count: > 0 } a ? a.Select(x => new InjectAudience((x.Kind ?? "").Trim(), x.Value?.Trim())).ToList() : [new InjectAudience(InjectAudienceKinds.Players)];

    private static void RequireFutureStart(DateTimeOffset? scheduledStartAt, DateTimeOffset now)
    {
        if (scheduledStartAt is { } s && s < now)
            throw new InputException("scheduledStartAt", $"The scheduled start {s:u} is already past; choose a later time or leave it empty.");
    }

    /// <summary>Under the scheduled start, every inject must still be ahead: an inject already past is named, with its due time.</summary>
    public static void RequireNoPastInjects(Exercise exercise, IEnumerable<ExerciseInject> injects, DateTimeOffset now)
    {
        if (exercise.ScheduledStartAt is not { } start) return;
        var past = new List<string>();
        foreach (var i in injects)
        {
            var due = start + TimeSpan.FromTicks((long)(i.Offset.Ticks / exercise.Speed));
            if (due < now) past.Add($"Inject {i.Number} ({i.Title}) would fall due at {due:u}, which is already past.");
        }
        if (past.Count > 0)
            throw new InputException(string.Join(" ", past) + " Move the scheduled start or the offset.",
                new Dictionary<string, string[]> { ["offsetMinutes"] = past.ToArray() });
    }

    private async Task CheckAudienceAsync(Exercise exercise, IReadOnlyList<InjectAudience>? audience, InputCheck check, CancellationToken ct)
    {
        if (audience is null) return;
        // Before anything is looked up: each entry costs a query.
        if (audience.Count > ExerciseLimits.MaxAudienceEntries)
        {
            check.Add("audience", $"At most {ExerciseLimits.MaxAudienceEntries} audience entries per inject; name a sector or every player instead.");
            return;
        }
        if (audience.Any(a => a is null))
        {
            check.Add("audience", "An audience entry is empty (null).");
            return;
        }
        var own = await access.MinistrySectorsAsync(exercise, ct);
        foreach (var a in audience)
        {
            var value = a.Value?.Trim() ?? "";
            if (a.Kind == InjectAudienceKinds.Organization)
                check.That(await db.Organizations.AnyAsync(o => o.Code == value, ct), "audience", $"No organisation has the code '{value}'.");
            else if (a.Kind == InjectAudienceKinds.Sector)
            {
                if (!await db.Sectors.AnyAsync(s => s.Code == value, ct)) check.Add("audience", $"Unknown sector '{value}'.");
                else if (own is not null && !own.Contains(value)) check.Add("audience", $"Your ministry is not responsible for the sector '{value}'.");
            }
        }
    }

    private async Task<(Guid Id, string Code)> FindOrganizationAsync(string? code, CancellationToken ct)
    {
        var c = code?.Trim() ?? "";
        var org = await db.Organizations.AsNoTracking().Where(o => o.Code == c).Select(o => new { o.Id, o.Code }).FirstOrDefaultAsync(ct)
            ?? throw new InputException("organizationCode", $"No organisation has the code '{c}'.");
        return (org.Id, org.Code);
    }

    private async Task<ExerciseParticipant> FindParticipantAsync(Guid id, string organizationCode, CancellationToken ct)
    {
        var code = organizationCode?.Trim() ?? "";
        return await (from p in db.ExerciseParticipants
                      join o in db.Organizations on p.OrganizationId equals o.Id
                      where p.ExerciseId == id && o.Code == code && p.RemovedAt == null
                      select p).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException($"{code} is not a participant of this exercise.");
    }

    /// <summary>A ministry's exercise: players and observers from its sectors (or itself); controllers may come from anywhere.</summary>
    private async Task RequireInMinistrySectorsAsync(Exercise exercise, (Guid Id, string Code) org, string? role, CancellationToken ct)
    {
        if (role == ExerciseRoles.Controller || org.Id == exercise.OrganizationId) return;
        if (await access.MinistrySectorsAsync(exercise, ct) is not { } own) return;
        var sectors = await db.Organizations.AsNoTracking().Where(o => o.Id == org.Id).SelectMany(o => o.Sectors.Select(s => s.Code)).ToListAsync(ct);
        if (!sectors.Any(own.Contains))
            throw new InputException("organizationCode", $"{org.Code} is outside your ministry's sectors; a ministry's exercise takes players and observers from its own sectors.");
    }

    /// <summary>Gives the injects their new numbers without colliding on the unique (exercise, number) index: first out of the way, then in place.</summary>
    private async Task RenumberAsync(List<ExerciseInject> existing, List<ExerciseInject> order, CancellationToken ct)
    {
        var moving = existing.Where(i => order.IndexOf(i) + 1 != i.Number).ToList();
        if (moving.Count == 0) return;
        foreach (var i in moving) i.Renumber(-i.Number - 100_000);
        await db.SaveChangesAsync(ct);
        for (var n = 0; n < order.Count; n++) order[n].Renumber(n + 1);
    }
}

/// <summary>
/// The scenario as a JSON document (<c>GET/PUT /api/v1/exercises/{id}/scenario</c>): the header, the
/// participants and the injects in order. Import replaces the draft's scenario as a whole.
/// </summary>
public sealed record ScenarioDocument(string Title, string? Description, double Speed, DateTimeOffset? ScheduledStartAt,
    IReadOnlyList<ParticipantInput>? Participants, IReadOnlyList<InjectInput>? Injects)
{
    /// <summary>The format version written on export.</summary>
    public string Format { get; init; } = "kizuna-exercise-scenario/1";
}
