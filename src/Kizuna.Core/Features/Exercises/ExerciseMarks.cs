using System.Text.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Data;
using Kizuna.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises;

/// <summary>The exercise an item belongs to, as every channel names it: in API answers, webhook bodies and live pushes (<c>"exercise": {"id", "title"}</c>).</summary>
public sealed record ExerciseRef(Guid Id, string Title);

/// <summary>
/// How exercise items are marked wherever they go (演習の明示): mail subjects start with
/// <see cref="ExerciseIsolation.SubjectPrefix"/>, webhook bodies and live payloads carry an
/// <c>exercise</c> object (absent for real items), pages show a badge and a banner.
/// </summary>
public static class ExerciseMarks
{
    /// <summary>The subject of a mail about an item: prefixed when the item belongs to an exercise.</summary>
    public static string Subject(Guid? exerciseId, string subject)
        => exerciseId is null ? subject : ExerciseIsolation.SubjectPrefix + subject;

    /// <summary>The first line of a mail body about an exercise item (empty for real items).</summary>
    public static string BodyLine(Guid? exerciseId, bool ja)
        => exerciseId is null ? "" : (ja ? "これは演習です。実際の事案ではありません。" : "This is an exercise, not a real incident.") + Environment.NewLine;

    /// <summary>The exercise of one item, or null for real data.</summary>
    public static async Task<ExerciseRef?> OfAsync(KizunaDb db, Guid? exerciseId, CancellationToken ct)
        => exerciseId is not { } id ? null
            : await db.Exercises.AsNoTracking().Where(e => e.Id == id).Select(e => new ExerciseRef(e.Id, e.Title)).FirstOrDefaultAsync(ct);

    /// <summary>The exercises of several items, by id (real items have none).</summary>
    public static async Task<IReadOnlyDictionary<Guid, ExerciseRef>> OfAsync(KizunaDb db, IEnumerable<Guid?> exerciseIds, CancellationToken ct)
    {
        var ids = exerciseIds.OfType<Guid>().Distinct().ToList();
        if (ids.Count == 0) return new Dictionary<Guid, ExerciseRef>();
        return await db.Exercises.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new ExerciseRef(e.Id, e.Title)).ToDictionaryAsync(e => e.Id, ct);
    }

    /// <summary>A webhook or live body with the <c>exercise</c> object added (the body unchanged for real items).</summary>
    public static JsonElement Mark(JsonElement body, ExerciseRef? exercise, JsonSerializerOptions options)
    {
        if (exercise is null || body.ValueKind != JsonValueKind.Object) return body;
        var node = JsonObject.Create(body)!.DeepClone().AsObject();
        node["exercise"] = JsonSerializer.SerializeToNode(exercise, options);
        return JsonSerializer.SerializeToElement(node, options);
    }
}

/// <summary>
/// The <c>exercise</c> filter of the list APIs and pages: <c>include</c> (default: players find exercise
/// items beside real ones, marked), <c>exclude</c> (real items only) or <c>only</c> (exercise items only).
/// </summary>
public static class ExerciseFilter
{
    public const string Include = "include";
    public const string Exclude = "exclude";
    public const string Only = "only";

    public static readonly IReadOnlyList<string> All = [Include, Exclude, Only];

    /// <summary>The query narrowed by <paramref name="mode"/> (null or empty: include); an unknown mode is bad input on <c>exercise</c>.</summary>
    public static IQueryable<T> Apply<T>(IQueryable<T> query, string? mode) where T : class, IExerciseMarked
        => (string.IsNullOrEmpty(mode) ? Include : mode) switch
        {
            Include => query,
            Exclude => query.RealOnly(),
            Only => query.Where(x => x.ExerciseId != null),
            _ => throw new InputException("exercise", $"Unknown exercise filter '{mode}'; use {string.Join(", ", All)}."),
        };
}
