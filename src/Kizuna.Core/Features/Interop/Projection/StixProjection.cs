using Kizuna.Stix;
using Kizuna.Stix.Objects;

namespace Kizuna.Core.Features.Interop.Projection;

/// <summary>
/// An advisory or a liaison report as STIX 2.1: the <see cref="Bundle"/> an API caller gets (with the
/// official TLP 2.0 marking definition), and the <see cref="Objects"/> the TAXII store keeps (the same
/// objects without the marking definition, which every STIX consumer knows by its id).
/// </summary>
/// <param name="Bundle">The bundle, valid STIX 2.1.</param>
/// <param name="Objects">The projected objects: the report first, then its creator, indicators, observables, vulnerabilities, courses of action and relationships.</param>
/// <param name="Tlp">The marking of every object.</param>
/// <param name="Sectors">The Kizuna sectors the projection is about (also in <c>x_kizuna_sectors</c> of the report object).</param>
/// <param name="PublicIds">Objects that are no secret (an issuing organisation's identity): the store keeps them at TLP:CLEAR.</param>
public sealed record StixProjection(StixBundle Bundle, IReadOnlyList<StixObject> Objects, Tlp Tlp, IReadOnlyList<string> Sectors, IReadOnlySet<string> PublicIds)
{
    internal static StixProjection Of(string scope, StixTimestamp modified, IReadOnlyList<StixObject> objects, Tlp tlp, IReadOnlyList<string> sectors,
        IReadOnlyList<string>? publicIds = null)
        => new(new StixBundle
        {
            Id = ProjectionParts.Id("bundle", $"{scope}:bundle:{modified}"),
            Objects = StixList.From(objects.Prepend(TlpMarkingDefinitions.For(tlp))),
        }, objects, tlp, sectors, (publicIds ?? []).ToHashSet(StringComparer.Ordinal));
}
