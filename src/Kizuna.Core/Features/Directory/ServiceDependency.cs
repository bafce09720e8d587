using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Directory;

/// <summary>
/// A dependency between two critical services (重要インフラサービス間の依存関係, the data behind
/// 他分野の障害からの波及): <see cref="Service"/> depends on <see cref="DependsOn"/>, usually a service of
/// another sector (water treatment on electricity supply). Reference data, edited by platform admins.
/// Invariants: a service never depends on itself; one row per ordered pair (unique index); the
/// graph may hold cycles (power ↔ telecom), which <see cref="ServiceCascade"/> handles.
/// </summary>
public sealed class ServiceDependency
{
    private ServiceDependency() { }

    public ServiceDependency(Guid serviceId, Guid dependsOnServiceId, string impact, string? noteJa, string? noteEn, DateTimeOffset now)
    {
        if (serviceId == dependsOnServiceId) throw new InputException("dependsOn", "A service cannot depend on itself.");
        if (!DependencyImpacts.All.Contains(impact)) throw new InputException("impact", $"Unknown impact '{impact}'; use {string.Join(", ", DependencyImpacts.All)}.");
        Id = Guid.CreateVersion7();
        ServiceId = serviceId;
        DependsOnServiceId = dependsOnServiceId;
        Impact = impact;
        NoteJa = string.IsNullOrWhiteSpace(noteJa) ? null : noteJa.Trim();
        NoteEn = string.IsNullOrWhiteSpace(noteEn) ? null : noteEn.Trim();
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    /// <summary>The dependent (downstream) service.</summary>
    public Guid ServiceId { get; private set; }
    public CriticalService? Service { get; private set; }
    /// <summary>The service it needs (upstream).</summary>
    public Guid DependsOnServiceId { get; private set; }
    public CriticalService? DependsOn { get; private set; }
    /// <summary>One of <see cref="DependencyImpacts"/>: what happens to the service when the one it depends on fails.</summary>
    public string Impact { get; private set; } = "";
    public string? NoteJa { get; private set; }
    public string? NoteEn { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>What a failure upstream does to the dependent service.</summary>
public static class DependencyImpacts
{
    /// <summary>停止: the dependent service stops (no workaround beyond short backup, e.g. generators).</summary>
    public const string Stops = "stops";
    /// <summary>低下: the dependent service continues in a degraded way (manual fallback, reduced capacity).</summary>
    public const string Degrades = "degrades";

    public static readonly IReadOnlyList<string> All = [Stops, Degrades];
}

/// <summary>Every limit of the service dependency graph, in one place.</summary>
public static class ServiceDependencyLimits
{
    public const int MaxNoteLength = 400;
    /// <summary>Depth of the at-risk traversal: 1 (direct dependents) to <see cref="MaxDepth"/>, default <see cref="DefaultDepth"/>.</summary>
    public const int MinDepth = 1;
    public const int MaxDepth = 5;
    public const int DefaultDepth = 3;
    /// <summary>Failing services one at-risk question may name.</summary>
    public const int MaxFailingServices = 50;
}
