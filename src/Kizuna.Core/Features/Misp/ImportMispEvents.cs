using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Interop;
using Kizuna.Stix.Misp;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Misp;

/// <summary>One thing an import could not store, and why.</summary>
public sealed record MispImportFailure(string Id, string Reason);

/// <summary>
/// What a MISP import did: events read, STIX objects newly added, objects already in the collection
/// (a re-import adds nothing), failures with their reasons (the first <see cref="MispOptions.MaxFailuresListed"/>
/// named, all counted), MISP types, templates and galaxies without a STIX mapping (kept as notes or
/// mapped attribute by attribute) and how often, and the reports made (one per event).
/// </summary>
public sealed record MispImportResult(string Collection, int Events, int Attributes, int Objects, int Added, int AlreadyPresent,
    int FailureCount, IReadOnlyList<MispImportFailure> Failures, IReadOnlyDictionary<string, int> Unmapped, IReadOnlyList<string> Reports);

/// <summary>
/// Imports MISP events (共通化・自動化) into a TAXII collection: reads the document with
/// <see cref="MispEventReader"/> (forward only, one element in memory), maps each piece with
/// <see cref="MispStixMapper"/>, and stores the STIX objects in batches through
/// <see cref="AddStixObjectsHandler"/>, so the TAXII rules apply unchanged — strict validation,
/// idempotency, TLP against the collection (RED only in inboxes), distribution, audit. Each event's
/// report comes last and lists only what was stored. The tracked rows of each batch are let go, so
/// memory does not grow with the number of attributes; only the report's list of references does
/// (about 24 bytes per listed object). The whole document is tokenized once before anything is
/// stored, so malformed JSON or a wrong shape stores nothing; an element over
/// <see cref="MispOptions.MaxElementBytes"/> is found when it is reached, after earlier batches.
/// </summary>
public sealed class ImportMispEventsHandler(KizunaDb db, TaxiiCollections collections, AddStixObjectsHandler add, AuditTrail audit,
    IOptions<MispOptions> options, IOptions<TaxiiOptions> taxii)
{
    /// <param name="collection">A collection id or alias the viewer may write.</param>
    /// <param name="document">The MISP JSON; seekable (it is read twice: headers, then attributes).</param>
    public async Task<MispImportResult> HandleAsync(string collection, Stream document, Viewer viewer, CancellationToken ct = default)
    {
        var target = (await collections.WritableAsync(viewer, collection, ct)).Collection;
        var o = options.Value;
        var sink = new Sink(this, target.Alias, viewer, Math.Min(o.BatchSize, taxii.Value.MaxObjectsPerEnvelope), o.MaxFailuresListed);
        var reader = new MispEventReader { MaxElementBytes = o.MaxElementBytes, MaxEvents = o.MaxEventsPerImport };
        try
        {
            await reader.ReadAsync(document, sink, ct);
        }
        catch (MispFormatException e)
        {
            // Malformed JSON and a wrong shape are found by the first pass, before anything is stored; an element over
            // the size limit only when the second pass reaches it, so say what was kept (a corrected re-import adds nothing twice).
            var stored = sink.Result(target.Alias);
            throw new InputException("body", e.Message + (stored.Added + stored.AlreadyPresent > 0
                ? $" {stored.Added} object(s) read before it were stored and stay; re-importing the corrected document stores nothing twice."
                : ""));
        }
        var result = sink.Result(target.Alias);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "misp.imported", "taxii-collection", target.Alias,
            $"{result.Events} event(s), {result.Added} new, {result.AlreadyPresent} already present, {result.FailureCount} failed"), ct);
        return result;
    }

    private async Task<TaxiiStatus> StoreAsync(string alias, IReadOnlyList<JsonObject> objects, Viewer viewer, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("objects");
            foreach (var o in objects) o.WriteTo(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        using var envelope = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 64 });
        var status = await add.HandleAsync(alias, envelope, viewer, ct);
        // Let the batch's rows go: the importer's memory must not grow with the event.
        db.ChangeTracker.Clear();
        return status;
    }

    private sealed class Sink(ImportMispEventsHandler owner, string alias, Viewer viewer, int batchSize, int maxFailuresListed) : IMispEventHandler
    {
        private readonly List<JsonObject> _pending = [];
        private readonly List<string> _pendingRefs = [];
        private readonly List<(string Type, Guid Id)> _refs = [];
        private readonly List<MispImportFailure> _failures = [];
        private readonly Dictionary<string, int> _unmapped = new(StringComparer.Ordinal);
        private readonly List<string> _reports = [];
        private MispStixMapper? _mapper;
        private int _failureCount, _added, _already, _attributes, _objects;

        public int Events { get; private set; }

        public async ValueTask BeginEventAsync(MispEventHeader header, CancellationToken ct)
        {
            _mapper = new MispStixMapper(header);
            _refs.Clear();
            await QueueAsync(_mapper.Galaxies(), ct);
        }

        public async ValueTask AttributeAsync(MispAttribute attribute, CancellationToken ct)
        {
            _attributes++;
            await QueueAsync(_mapper!.Attribute(attribute), ct);
        }

        public async ValueTask ObjectAsync(MispObject obj, CancellationToken ct)
        {
            _objects++;
            await QueueAsync(_mapper!.Object(obj), ct);
        }

        public ValueTask RejectedAsync(string what, string reason, CancellationToken ct)
        {
            Fail($"{what} of event {_mapper?.ReportId}", $"{what} {reason}");
            return ValueTask.CompletedTask;
        }

        public async ValueTask EndEventAsync(MispEventHeader header, CancellationToken ct)
        {
            await FlushAsync(ct);
            var mapper = _mapper!;
            foreach (var (name, count) in mapper.Unmapped) _unmapped[name] = _unmapped.GetValueOrDefault(name) + count;
            Events++;
            if (_refs.Count == 0)
            {
                Fail(mapper.ReportId, "The event has nothing that could be stored, so no report lists it.");
                return;
            }
            var status = await owner.StoreAsync(alias, [mapper.Report(_refs.Select(r => $"{r.Type}--{r.Id:D}"))], viewer, ct);
            Count(status);
            if (status.SuccessCount > 0) _reports.Add(mapper.ReportId);
        }

        private async ValueTask QueueAsync(MispStixResult result, CancellationToken ct)
        {
            if (_pending.Count > 0 && _pending.Count + result.Objects.Count > batchSize) await FlushAsync(ct);
            _pending.AddRange(result.Objects);
            _pendingRefs.AddRange(result.Refs);
        }

        private async ValueTask FlushAsync(CancellationToken ct)
        {
            if (_pending.Count == 0) return;
            var status = await owner.StoreAsync(alias, _pending, viewer, ct);
            var stored = Count(status);
            foreach (var id in _pendingRefs.Distinct())
            {
                if (!stored.Contains(id)) continue;
                var cut = id.IndexOf("--", StringComparison.Ordinal);
                _refs.Add((string.Intern(id[..cut]), Guid.Parse(id[(cut + 2)..])));
            }
            _pending.Clear();
            _pendingRefs.Clear();
        }

        /// <summary>Counts a batch's outcome and returns the ids stored (new or already present).</summary>
        private HashSet<string> Count(TaxiiStatus status)
        {
            var details = status.ReadDetails();
            var stored = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in details.Successes)
            {
                stored.Add(s.Id);
                if (s.Message is null) _added++;
                else _already++;
            }
            foreach (var f in details.Failures) Fail(f.Id, f.Message ?? "Refused.");
            return stored;
        }

        private void Fail(string id, string reason)
        {
            _failureCount++;
            if (_failures.Count < maxFailuresListed) _failures.Add(new MispImportFailure(id, reason));
        }

        public MispImportResult Result(string collection)
            => new(collection, Events, _attributes, _objects, _added, _already, _failureCount, _failures, _unmapped, _reports);
    }
}
