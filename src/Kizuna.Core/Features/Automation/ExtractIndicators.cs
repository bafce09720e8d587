using System.Text.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Interop;
using Kizuna.Stix;
using Kizuna.Stix.Extraction;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Automation;

/// <summary>Free text to extract indicators from (指標の抽出). <see cref="Defang"/> (default true) gives values in their defanged form, safe to show.</summary>
public sealed record ExtractIndicators(string? Text, bool Defang = true);

/// <summary>
/// One extracted indicator. <see cref="Value"/> is defanged when asked (the default); the STIX
/// pattern (which holds the live value) is given only when not defanging.
/// </summary>
public sealed record ExtractedIndicatorView(string Kind, string Value, string Defanged, string? StixPattern);

public sealed record ExtractionResult(int TextLength, bool Defanged, IReadOnlyList<ExtractedIndicatorView> Indicators);

/// <summary>Saves chosen extracted indicators as STIX objects into a collection, through <see cref="AddStixObjectsHandler"/> (its checks, TLP rules and ingest rules apply).</summary>
public sealed record SaveExtractedIndicators(string? Text, IReadOnlyList<string>? Values, string? Collection, string? Tlp);

/// <summary>
/// Indicator extraction for analysts: refangs and finds indicators in pasted text
/// (<see cref="IndicatorExtractor.ExtractFolded"/>, full-width ASCII folded), and saves the chosen
/// ones as STIX 2.1 <c>indicator</c> objects (a CVE id as a <c>vulnerability</c>) marked with the
/// chosen TLP. The text may be at most <see cref="AutomationOptions.MaxExtractTextLength"/> characters.
/// </summary>
public sealed class ExtractIndicatorsHandler(AddStixObjectsHandler add, TimeProvider clock, IOptions<AutomationOptions> options)
{
    public ExtractionResult Extract(ExtractIndicators request, Viewer viewer)
    {
        RequireAnalyst(viewer);
        var found = Find(request.Text);
        return new ExtractionResult(request.Text?.Length ?? 0, request.Defang, found.Select(i => new ExtractedIndicatorView(KindName(i.Kind),
            request.Defang ? i.Defanged : i.Value, i.Defanged, request.Defang ? null : i.StixPattern)).ToList());
    }

    public async Task<TaxiiStatus> SaveAsync(SaveExtractedIndicators request, Viewer viewer, CancellationToken ct = default)
    {
        RequireAnalyst(viewer);
        var check = new InputCheck();
        check.That(!string.IsNullOrWhiteSpace(request.Collection), "collection", "Choose a collection.");
        var tlp = Tlp.Green;
        check.That(TlpMarkings.TryParse(request.Tlp, out tlp), "tlp", $"Unknown TLP '{request.Tlp}'; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED.");
        check.ThrowIfInvalid("The indicators cannot be saved.");
        var wanted = (request.Values ?? []).Select(v => IndicatorExtractor.Refang(v.Trim())).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var chosen = Find(request.Text).Where(i => wanted.Contains(i.Value)).ToList();
        if (chosen.Count == 0) throw new InputException("values", "Choose at least one of the indicators found in the text.");

        var now = TaxiiTime.Format(clock.GetUtcNow());
        var objects = new JsonArray();
        foreach (var i in chosen)
        {
            var o = i.Kind == IndicatorKind.Cve
                ? new JsonObject
                {
                    ["type"] = "vulnerability", ["name"] = i.Value,
                    ["external_references"] = new JsonArray(new JsonObject { ["source_name"] = "cve", ["external_id"] = i.Value }),
                }
                : new JsonObject
                {
                    ["type"] = "indicator", ["name"] = $"{KindName(i.Kind)}: {i.Value}", ["pattern"] = i.StixPattern, ["pattern_type"] = "stix",
                    ["valid_from"] = now, ["indicator_types"] = new JsonArray("malicious-activity"),
                };
            o["spec_version"] = "2.1";
            o["id"] = $"{o["type"]}--{Guid.NewGuid():D}";
            o["created"] = now;
            o["modified"] = now;
            o["object_marking_refs"] = new JsonArray(TlpMarkings.StixId(tlp));
            objects.Add(o);
        }
        using var envelope = JsonDocument.Parse(new JsonObject { ["objects"] = objects }.ToJsonString());
        return await add.HandleAsync(request.Collection!.Trim(), envelope, viewer, ct);
    }

    private IReadOnlyList<ExtractedIndicator> Find(string? text)
    {
        var max = options.Value.MaxExtractTextLength;
        if (string.IsNullOrWhiteSpace(text)) throw new InputException("text", "Paste the text to extract indicators from.");
        if (text.Length > max) throw new InputException("text", $"The text has {text.Length} characters; the limit is {max} (Automation:MaxExtractTextLength).");
        return IndicatorExtractor.ExtractFolded(text, options.Value.MaxExtractedIndicators, max);
    }

    private static void RequireAnalyst(Viewer viewer)
    {
        if (!viewer.HasRole(OrgRoles.Analyst)) throw new ForbiddenException("Indicator extraction is for analysts.");
    }

    /// <summary>The kind as the API writes it: <c>ipv4</c>, <c>ipv6</c>, <c>domain</c>, <c>url</c>, <c>email</c>, <c>md5</c>, <c>sha1</c>, <c>sha256</c>, <c>sha512</c>, <c>cve</c>.</summary>
    public static string KindName(IndicatorKind kind) => kind.ToString().ToLowerInvariant();
}
