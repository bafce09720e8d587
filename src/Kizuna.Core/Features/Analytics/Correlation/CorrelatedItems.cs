using Kizuna.Core.Features.Interop;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Provision;

namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>
/// Builds the index's view of each kind of item. An item that must not be correlated (a draft, a withdrawn advisory, an older STIX version) yields no keys.
/// An exercise item (<see cref="Exercises.IExerciseMarked.ExerciseId"/> set) is flagged <see cref="CorrelatedItem.IsExercise"/>: every finding skips it and it counts toward no real figure.
/// </summary>
public static class CorrelatedItems
{
    /// <summary>A report contributes the indicators of its sanitized view only; none while a draft or when onward sharing was refused.</summary>
    public static CorrelatedItem FromReport(IncidentReport r, int max)
    {
        var keys = r.IsDraft || ReportQueries.SanitizedOf(r.SanitizedJson) is not { } view ? [] : ObservableSources.FromIndicators(view.Indicators, [view.Title, view.Description, view.Impact, view.ActionsTaken, view.HelpNeeded], max);
        return new CorrelatedItem(CorrelatedItemKinds.Report, r.Id, r.SectorCode, r.Pseudonym, r.FirstSubmittedAt ?? r.UpdatedAt, r.Distribution.Tlp, r.ExerciseId is not null, keys);
    }

    /// <summary>An advisory contributes its indicators while published.</summary>
    public static CorrelatedItem FromAdvisory(Advisory a, int max)
    {
        var content = a.Status == AdvisoryStatus.Published ? a.Content : null;
        var keys = content is null ? [] : ObservableSources.FromIndicators(content.Indicators, [content.Title, content.Summary, content.Body], max);
        return new CorrelatedItem(CorrelatedItemKinds.Advisory, a.Id, "", null, a.PublishedAt ?? a.UpdatedAt, a.Distribution.Tlp, a.ExerciseId is not null, keys);
    }

    /// <summary>A STIX object contributes its observables while it is the latest version in its collection; <paramref name="sectorCode"/> is its contributor's sector.</summary>
    public static CorrelatedItem FromStix(StixObjectRecord o, string sectorCode, bool deleted, int max)
    {
        var keys = deleted || !o.IsLatest ? [] : ObservableSources.FromStix(o.Json, max);
        return new CorrelatedItem(CorrelatedItemKinds.StixObject, o.Id, sectorCode, null, o.DateAdded, o.Distribution.Tlp, false, keys);
    }
}
