using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>
/// 秘匿化 (source anonymization): turns a liaison report into the view that may leave the reporter's
/// chosen circle, or refuses. The view carries the pseudonym instead of the reporter; identifying
/// text in every free-text field, text indicator, indicator note and attachment name is replaced by
/// bilingual placeholders; indicators that point at the reporter are dropped; and sector, region,
/// size and times are generalized until at least k directory organisations share them.
/// </summary>
/// <remarks>
/// <para>Pure and thread-safe: register one instance as a singleton. The expensive part — an
/// automaton of every name in the directory and the anonymity-set counts — is a
/// <see cref="SanitizerIndex"/> built once per <see cref="DirectorySnapshot"/> <b>instance</b> and
/// cached against it (weakly: it goes when the snapshot goes). Keep one snapshot instance for as
/// long as the directory is unchanged and build a new one when it changes; call
/// <see cref="Prepare"/> after building it to pay the cost (about a second for 10,000
/// organisations) off the request path. Treat a snapshot as immutable once passed here: the cache
/// is keyed by reference and does not see later changes to its lists.</para>
/// <para>Fail closed: a reporter profile that cannot be read (a malformed IP range) or a sector
/// with fewer than k organisations gives a refusal, never a partially sanitized view.</para>
/// </remarks>
public sealed class SourceSanitizer
{
    private const int MaxCachedReporters = 4096;
    private readonly ConditionalWeakTable<DirectorySnapshot, Lazy<SanitizerIndex>> _indexes = new();
    private readonly ConcurrentDictionary<string, ReporterIdentity> _reporters = new(StringComparer.Ordinal);

    /// <summary>Builds (or finds) the index for this snapshot instance ahead of the first <see cref="Sanitize"/>.</summary>
    public void Prepare(DirectorySnapshot directory) => IndexFor(directory);

    /// <summary>The sanitized view of <paramref name="input"/>, or a refusal with its reason.</summary>
    /// <exception cref="ArgumentException">K below 1, a blank pseudonym, or a pseudonym that names the reporter.</exception>
    public SanitizeResult Sanitize(SanitizeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Content);
        ArgumentNullException.ThrowIfNull(input.Reporter);
        ArgumentOutOfRangeException.ThrowIfLessThan(input.K, 1, nameof(input.K));
        ArgumentException.ThrowIfNullOrWhiteSpace(input.Pseudonym, nameof(input.Pseudonym));

        var content = input.Content;
        var index = IndexFor(input.Directory);
        var reporter = ReporterFor(input.Reporter, out var problem);
        if (reporter is null) return new SanitizeResult(null, problem);

        var redactor = new TextRedactor(index, reporter);
        if (redactor.FindsAnything(input.Pseudonym, reporterOnly: true) || IdentifierPatterns.Email().IsMatch(TextNormalizer.Normalize(input.Pseudonym)))
            throw new ArgumentException("The pseudonym names the reporter.", nameof(input));

        var sector = content.SectorCode ?? "";
        var general = Generalization.Choose(index, sector, input.Reporter.RegionCode, input.Reporter.SizeClass, input.K, out var sectorCount);
        if (general is null)
        {
            return new SanitizeResult(null,
                $"Onward sharing is refused: fewer than {input.K} organisations in sector {sector} are in the directory ({sectorCount}), " +
                "so the reporter cannot be hidden among them even with region and size removed.");
        }

        var zone = TimeTruncation.Zone(content.TimeZone);
        var title = redactor.Redact(RedactedFields.Title, content.Title);
        var description = redactor.Redact(RedactedFields.Description, content.Description);
        var impact = redactor.Redact(RedactedFields.Impact, content.Impact);
        var actions = redactor.Redact(RedactedFields.ActionsTaken, content.ActionsTaken);
        var help = redactor.Redact(RedactedFields.HelpNeeded, content.HelpNeeded);
        var indicators = IndicatorFilter.Apply(content.Indicators ?? [], redactor, reporter);
        var attachments = new string[input.AttachmentNames?.Count ?? 0];
        for (var i = 0; i < attachments.Length; i++) attachments[i] = redactor.RedactPart(input.AttachmentNames![i]);
        redactor.Flush(RedactedFields.AttachmentNames);

        var view = new SanitizedReport(
            Pseudonym: input.Pseudonym,
            SectorCode: sector,
            RegionCode: general.RegionCode,
            AreaCode: general.AreaCode,
            SizeClass: general.SizeClass,
            TimePrecision: general.TimesToDay ? TimePrecisions.Day : TimePrecisions.Hour,
            OccurredAt: TimeTruncation.Truncate(content.OccurredAt, zone, general.TimesToDay),
            DetectedAt: TimeTruncation.Truncate(content.DetectedAt, zone, general.TimesToDay),
            RecoveredAt: TimeTruncation.Truncate(content.RecoveredAt, zone, general.TimesToDay),
            CriticalServices: [.. content.CriticalServices ?? []],
            MaintenanceLevelBreached: content.MaintenanceLevelBreached,
            EventTypes: [.. content.EventTypes ?? []],
            CauseTypes: [.. content.CauseTypes ?? []],
            SeverityDuration: content.SeverityDuration,
            SeveritySafety: content.SeveritySafety,
            Title: title,
            Description: description,
            Impact: impact,
            ActionsTaken: actions,
            HelpNeeded: help,
            Indicators: indicators,
            AttachmentNames: attachments,
            AnonymitySetSize: general.AnonymitySetSize,
            Redactions: [.. redactor.Redactions]);
        return new SanitizeResult(view, null);
    }

    /// <summary>The prepared reporter, cached by the profile's content (a profile is small, but preparing it is a third of a call).</summary>
    private ReporterIdentity? ReporterFor(ReporterProfile profile, out string? problem)
    {
        problem = null;
        var key = string.Join('\u001f',
            profile.OrganizationCode, profile.NameJa, profile.NameEn,
            string.Join('\u001e', profile.Domains ?? []), string.Join('\u001e', profile.IpRanges ?? []), string.Join('\u001e', profile.PeopleNames ?? []));
        if (_reporters.TryGetValue(key, out var cached)) return cached;
        var identity = ReporterIdentity.TryCreate(profile, out problem);
        if (identity is null) return null;
        if (_reporters.Count >= MaxCachedReporters) _reporters.Clear();
        _reporters[key] = identity;
        return identity;
    }

    private SanitizerIndex IndexFor(DirectorySnapshot directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return _indexes.GetValue(directory, static d => new Lazy<SanitizerIndex>(() => SanitizerIndex.Build(d), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }
}

/// <summary>Values of <see cref="SanitizedReport.TimePrecision"/>.</summary>
public static class TimePrecisions
{
    public const string Hour = "hour";
    public const string Day = "day";
}
