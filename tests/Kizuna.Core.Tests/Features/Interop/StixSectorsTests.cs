using System.Text.Json;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Interop;
using Kizuna.Stix;

namespace Kizuna.Core.Tests.Features.Interop;

public sealed class StixSectorsTests
{
    private static readonly TaxiiCollection Community = new("community", TaxiiCollectionKinds.Community, "community", "c", "c", Tlp.Green, [AudienceEntry.Community()], null);
    private static readonly TaxiiCollection Railway = new("sector:railway", TaxiiCollectionKinds.Sector, "sector-railway", "r", "r", Tlp.Green, [AudienceEntry.Sector("railway")], null);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void Of_SectorCollection_LinksItsSector()
        => Assert.Equal(["railway"], StixSectors.Of(Json("""{"type":"indicator"}"""), Railway));

    [Fact]
    public void Of_CustomProperty_KeepsKnownCodesOnly()
        => Assert.Equal(["finance", "water"],
            StixSectors.Of(Json("""{"type":"indicator","x_kizuna_sectors":["water","nonsense","FINANCE",3,"water"]}"""), Community));

    [Fact]
    public void Of_IdentitySectors_MapsIndustryVocabulary()
        => Assert.Equal(["telecom", "finance", "electricity", "gas", "government", "medical", "water", "petroleum"],
            StixSectors.Of(Json("""{"type":"identity","sectors":["energy","financial-services","telecommunications","government-local","healthcare","infrastructure-water","agriculture"]}"""), Community));

    [Fact]
    public void Of_Transportation_MapsToEveryTransportSector()
        => Assert.Equal(["aviation", "airport", "railway", "logistics", "port"],
            StixSectors.Of(Json("""{"type":"identity","sectors":["transportation"]}"""), Community));

    [Fact]
    public void Of_SectorsOnANonIdentity_AreIgnored()
        => Assert.Empty(StixSectors.Of(Json("""{"type":"indicator","sectors":["energy"]}"""), Community));

    [Fact]
    public void Of_CombinedSources_AreDistinctInSectorOrder()
        => Assert.Equal(["telecom", "railway"],
            StixSectors.Of(Json("""{"type":"identity","sectors":["telecommunications"],"x_kizuna_sectors":["railway"]}"""), Railway));

    [Fact]
    public void Of_KnownCodesGiven_OnlyThoseCount()
        => Assert.Equal(["water"],
            StixSectors.Of(Json("""{"type":"identity","sectors":["utilities"]}"""), Community, ["water", "finance"]));
}
