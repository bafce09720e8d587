using System.Buffers;
using System.Text.Json;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Exercises;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Features.Exercises;

/// <summary>
/// REST for exercises (分野横断的演習): authoring (header, participants, injects, scenario import and
/// export), start / cancel / complete, and the inject timeline. The running organisation's analysts and
/// the analysts of controller participants manage; participants see the exercise and the injects sent
/// to them; everyone else gets 404.
/// </summary>
public static class ExerciseEndpoints
{
    public static IEndpointRouteBuilder MapExerciseEndpoints(this IEndpointRouteBuilder app)
    {
        var maxScenario = app.ServiceProvider.GetRequiredService<IOptions<ExerciseOptions>>().Value.MaxScenarioBytes;
        var api = app.MapGroup("/api/v1/exercises").RequireAuthorization(Capabilities.Member).WithTags("Exercises");

        api.MapGet("", async (ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ListAsync(await viewers.RequireAsync(ct), ct)))
            .WithSummary($"Exercises I run, control, play or observe, newest first (at most {ExerciseQueries.MaxListed}), with my access and role.");

        api.MapPost("", async Task<Created<ExerciseDetail>> (ExerciseInput body, AuthorExerciseHandler author, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var exercise = await author.CreateAsync(body, viewer, ct);
                return TypedResults.Created($"/api/v1/exercises/{exercise.Id}", await q.GetAsync(exercise.Id, viewer, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Create a draft exercise (analysts of the coordinator, or of a ministry for its sectors): title, description, speed 1 (real time) to 600, optional scheduled start (not in the past).");

        api.MapGet("/{id:guid}", async (Guid id, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.GetAsync(id, await viewers.RequireAsync(ct), ct)))
            .WithSummary("One exercise with my access (manage, observe, play); participants for those who manage or observe. 404 for anyone not part of it.");

        api.MapPut("/{id:guid}", async (Guid id, ExerciseInput body, AuthorExerciseHandler author, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await author.UpdateAsync(id, body, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(id, viewer, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Change a draft's title, description, speed and scheduled start; 400 naming every inject the new start or speed would put in the past, 409 once it has started.");

        api.MapDelete("/{id:guid}", async (Guid id, AuthorExerciseHandler author, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await author.DeleteAsync(id, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Capabilities.Analyst)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Delete a draft exercise with its participants and injects; 409 once it has started (cancel it instead: its data is kept).");

        api.MapGet("/{id:guid}/participants", async (Guid id, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ParticipantsAsync(id, await viewers.RequireAsync(ct), ct)))
            .WithSummary("The participants with role and number of people, removed ones with the time of removal (managers and observers).");

        api.MapPost("/{id:guid}/participants", async Task<Created<ParticipantView>> (Guid id, ParticipantInput body, AuthorExerciseHandler author, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var participant = await author.AddParticipantAsync(id, body, viewer, ct);
                var code = body.OrganizationCode.Trim();
                return TypedResults.Created($"/api/v1/exercises/{id}/participants/{Uri.EscapeDataString(code)}",
                    (await q.ParticipantsAsync(id, viewer, ct)).First(p => p.OrganizationCode == code));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Register an organisation by code as player, controller or observer with its number of people (also while running); 409 if already registered.");

        api.MapPut("/{id:guid}/participants/{orgCode}", async (Guid id, string orgCode, ParticipantInput body, AuthorExerciseHandler author, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await author.ChangeParticipantAsync(id, orgCode, body with { OrganizationCode = orgCode }, viewer, ct);
                return TypedResults.Ok((await q.ParticipantsAsync(id, viewer, ct)).First(p => p.OrganizationCode == orgCode.Trim()));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Change a participant's role or number of people.");

        api.MapDelete("/{id:guid}/participants/{orgCode}", async (Guid id, string orgCode, AuthorExerciseHandler author, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await author.RemoveParticipantAsync(id, orgCode, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Remove a participant. Mid-exercise its row stays with the time of removal: nothing it received or did is lost, and pending injects skip it.");

        api.MapGet("/{id:guid}/injects", async (Guid id, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.InjectsAsync(id, await viewers.RequireAsync(ct), ct)))
            .WithSummary("The injects in scenario order: all of them for managers; those already sent for observers; those sent to my organisation for players.");

        api.MapGet("/{id:guid}/injects/timeline", async (Guid id, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.TimelineAsync(id, await viewers.RequireAsync(ct), ct)))
            .WithSummary("The injects I may see by due time, with due and sent times and lateness (sent − due, seconds), and the worst lateness.");

        api.MapGet("/{id:guid}/injects/{number:int}", async (Guid id, int number, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.InjectAsync(id, number, await viewers.RequireAsync(ct), ct)))
            .WithSummary("One inject, if I may see it.");

        api.MapPost("/{id:guid}/injects", async Task<Created<InjectView>> (Guid id, InjectInput body, AuthorExerciseHandler author, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var inject = await author.AddInjectAsync(id, body, viewer, ct);
                return TypedResults.Created($"/api/v1/exercises/{id}/injects/{inject.Number}", await q.InjectAsync(id, inject.Number, viewer, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Add an inject to a draft: offsetMinutes (scenario time), kind (message, alert, advisory, liaison-report, crisis-declaration, status-request), title, body, audience (players when empty), expectations; number places it (the end by default). 400 if it would fall due in the past under the scheduled start.");

        api.MapPut("/{id:guid}/injects/{number:int}", async (Guid id, int number, InjectInput body, AuthorExerciseHandler author, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var inject = await author.ChangeInjectAsync(id, number, body, viewer, ct);
                return TypedResults.Ok(await q.InjectAsync(id, inject.Number, viewer, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Change an inject of a draft; a different number moves it (reorder: the others shift).");

        api.MapDelete("/{id:guid}/injects/{number:int}", async (Guid id, int number, AuthorExerciseHandler author, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await author.RemoveInjectAsync(id, number, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Capabilities.Analyst)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Remove an inject from a draft; the later ones move up.");

        api.MapGet("/{id:guid}/scenario", async (Guid id, HttpContext http, ScenarioExport export, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var scenario = await export.ExportAsync(id, await viewers.RequireAsync(ct), ct);
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"exercise-{id:N}-scenario.json\"";
                return TypedResults.Ok(scenario);
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Export the scenario (header, participants, injects) as JSON, to import into another exercise (managers).");

        api.MapPut("/{id:guid}/scenario", async (Guid id, HttpContext http, AuthorExerciseHandler author, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                if (!http.Request.HasJsonContentType())
                    throw new BadHttpRequestException($"Send the scenario as 'Content-Type: application/json'; '{http.Request.ContentType}' is not accepted.", StatusCodes.Status415UnsupportedMediaType);
                // The limit is counted here (not by lowering Kestrel's): after the 413 the server drains the rest and keeps the connection.
                var scenario = await ReadScenarioAsync(http.Request, maxScenario, ct);
                await author.ImportAsync(id, scenario, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(id, viewer, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .Accepts<ScenarioDocument>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Replace a draft's scenario (header, participants, injects) with a JSON document as exported, all or nothing; every bad entry is named. Body up to Exercises:MaxScenarioBytes.");

        api.MapPost("/{id:guid}/start", async (Guid id, StartExercise? body, RunExerciseHandler run, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await run.StartAsync(id, body ?? new StartExercise(), viewer, ct);
                return TypedResults.Ok(await q.GetAsync(id, viewer, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Start a draft: each inject falls due at start + offset / speed. When the scheduled start has passed, the scenario keeps its clock and the injects already due are refused with 409 listing them, unless {\"late\": \"send-now\"} (sent at once) or {\"late\": \"skip\"}.");

        api.MapPost("/{id:guid}/cancel", async (Guid id, RunExerciseHandler run, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await run.CancelAsync(id, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(id, viewer, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancel a draft or running exercise: pending injects are skipped, everything already sent stays.");

        api.MapPost("/{id:guid}/complete", async (Guid id, RunExerciseHandler run, ExerciseQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await run.CompleteAsync(id, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(id, viewer, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Complete a running exercise now (it also completes by itself when every inject is sent and the expected response windows are over); pending injects are skipped.");
        return app;
    }

    /// <summary>Reads the scenario document up to <paramref name="max"/> bytes: 413 above, 400 for JSON that is not a scenario.</summary>
    public static async Task<ScenarioDocument> ReadScenarioAsync(HttpRequest request, int max, CancellationToken ct)
    {
        if (request.ContentLength > max) throw TooLarge(max);
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > max) throw TooLarge(max);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        try
        {
            return JsonSerializer.Deserialize<ScenarioDocument>(buffer.ToArray(), JsonOptions)
                ?? throw new InputException("scenario", "The scenario document is empty.");
        }
        catch (JsonException e)
        {
            throw new InputException("scenario", $"The scenario is not valid JSON for an exercise scenario: {e.Message}");
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static BadHttpRequestException TooLarge(int max)
        => new($"The scenario is larger than the limit of {max} bytes (Exercises:MaxScenarioBytes).", StatusCodes.Status413PayloadTooLarge);
}
