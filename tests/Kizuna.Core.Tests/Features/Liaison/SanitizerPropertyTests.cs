using CsCheck;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Liaison.Anonymization;
using static Kizuna.Core.Tests.Features.Liaison.SanitizerFixture;

namespace Kizuna.Core.Tests.Features.Liaison;

/// <summary>Random directories (1–300 organisations) and random reports: every view meets k or was refused, and no canary survives.</summary>
public sealed class SanitizerPropertyTests
{
    private static readonly string[] Sectors = ["electricity", "gas", "finance", "water"];
    // JP-47 has no area in the map: it can only ever be published as a prefecture.
    private static readonly string?[] Regions = ["JP-01", "JP-11", "JP-13", "JP-14", "JP-23", "JP-26", "JP-27", "JP-40", "JP-47", null];
    private static readonly string?[] Sizes = ["large", "medium", "small", null];

    private sealed record GeneratedOrg(int SectorMask, int Region, int Size);

    private sealed record Case(GeneratedOrg[] Orgs, int ReporterIndex, bool ReporterInDirectory, int Sector, int K, string[] Fragments, string[] Separators)
    {
        public override string ToString() =>
            $"orgs={Orgs.Length} reporter={ReporterIndex}/{ReporterInDirectory} sector={Sectors[Sector]} k={K} text={string.Concat(Fragments)}";
    }

    private static readonly string[] TextFragments =
    [
        "変電所の監視端末でマルウェアを検知した。", "C2 203.0.113.50 への通信を遮断。", "CVE-2024-3400 の悪用を確認。",
        "絆カナリア電力株式会社", "ＫＩＺＵＮＡ　ＣＡＮＡＲＹ　ＰＯＷＥＲ", "Kizuna-Canary-Power", "KCNRY", "(株)絆カナリア電力",
        "鷹野 瑞穂", "鷹野瑞穂", "MIZUHO TAKANO", "Takano, Mizuho", "鷹野　瑞穂さん",
        "canary-power.co.jp", "VPN.CANARY-POWER.CO.JP", "canary-power[.]co[.]jp", "https://portal.canary-power.co.jp/owa?x=1",
        "192.0.2.77", "１９２．０．２．７７", "192[.]0[.]2[.]77", "192.0.2.0/24", "2001:db8:77::5",
        "03-5555-0199", "０３－５５５５－０１９９", "+81-3-5555-0199", "(03)5555-0199",
        "m.takano@canary-power.co.jp", "ｍ．ｔａｋａｎｏ＠ｃａｎａｒｙ－ｐｏｗｅｒ．ｃｏ．ｊｐ", "m.takano[at]canary-power[.]co[.]jp",
        "ＭＩＺＵＨＯ　ＴＡＫＡＮＯ", "TAKANO-MIZUHO", "kizunacanarypower", "192.0.2.77/32", "[2001:db8:77::5]", "2001:0db8:0077::5",
        "+81 3 5555 0199", "03 5555 0199", "TEL03-5555-0199", "m.takano(at)canary-power(.)co(.)jp",
        "SRV-DB01", "fs01.canary.local", "第3電力株式会社", "鈴木 一郎",
    ];

    private static readonly Gen<Case> Cases =
        from orgs in Gen.Select(Gen.Int[1, 15], Gen.Int[0, Regions.Length - 1], Gen.Int[0, Sizes.Length - 1], (m, r, s) => new GeneratedOrg(m, r, s)).Array[1, 300]
        from reporter in Gen.Int[0, 299]
        from inDirectory in Gen.Int[0, 9]
        from sector in Gen.Int[0, Sectors.Length - 1]
        from k in Gen.Int[1, 12]
        from fragments in Gen.OneOf(TextFragments).Array[0, 10]
        from separators in Gen.OneOf(" ", "", "、", "\n", "（", "）", "/", "：").Array[10]
        select new Case(orgs, reporter % orgs.Length, inDirectory > 0, sector, k, fragments, separators);

    // KIZUNA_PROPERTY_ITER=20000 for a deeper hunt than the default run.
    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("KIZUNA_PROPERTY_ITER"), out var n) && n > 0 ? n : 300;

    [Fact]
    public void Sanitize_RandomDirectoriesAndReports_MeetKOrRefuseAndLeakNoCanary()
    {
        Cases.Sample(c =>
        {
            var (directory, reporter) = Build(c);
            var sector = Sectors[c.Sector];
            var text = string.Concat(c.Fragments.Select((f, i) => f + c.Separators[i]));
            var content = Content(text) with
            {
                SectorCode = sector,
                Title = text,
                HelpNeeded = text,
                Indicators = [new(IndicatorTypes.Text, text, text), new(IndicatorTypes.Ipv4, "192.0.2.77"), new(IndicatorTypes.Email, "m.takano@canary-power.co.jp")],
            };

            var result = new SourceSanitizer().Sanitize(Input(content, directory, c.K, [text + ".pdf"], reporter));

            var inSector = directory.Organizations.Where(o => o.SectorCodes.Contains(sector)).ToList();
            if (result.Refused)
            {
                Assert.True(inSector.Count < c.K, $"refused although {inSector.Count} ≥ k={c.K}: {result.RefusalReason}");
                return;
            }
            var view = result.View!;
            Assert.True(view.AnonymitySetSize >= c.K);
            Assert.Equal(view.AnonymitySetSize, Recount(inSector, view.RegionCode, view.AreaCode, view.SizeClass));
            AssertFirstStepReachingK(inSector, reporter, view, c.K);
            var json = ToJson(view);
            Assert.All(SanitizerCanaryTests.Canaries, canary => Assert.False(Leaks(json, canary), $"'{canary}' survived in {json}"));
        }, iter: Iterations);
    }

    private static (DirectorySnapshot, ReporterProfile) Build(Case c)
    {
        var entries = c.Orgs.Select((o, i) => new DirectoryEntry(
            Guid.NewGuid(), $"G{i:000}", $"第{i}電力株式会社", $"Generated Utility {i}",
            Sectors.Where((_, bit) => (o.SectorMask & (1 << bit)) != 0).ToArray(), Regions[o.Region], Sizes[o.Size])).ToList();
        var r = entries[c.ReporterIndex];
        var reporter = SanitizerCanaryTests.CanaryReporter with { OrganizationId = r.Id, RegionCode = r.RegionCode, SizeClass = r.SizeClass };
        if (c.ReporterInDirectory)
            entries[c.ReporterIndex] = r with { Code = reporter.OrganizationCode, NameJa = reporter.NameJa, NameEn = reporter.NameEn };
        return (new DirectorySnapshot(entries, Areas, ["鈴木 一郎", "Ichiro Suzuki"]), reporter);
    }

    private static int Recount(IEnumerable<DirectoryEntry> inSector, string? region, string? area, string? size) =>
        inSector.Count(o =>
            (region is null || o.RegionCode == region)
            && (area is null || (o.RegionCode is not null && Areas.TryGetValue(o.RegionCode, out var a) && a == area))
            && (size is null || o.SizeClass == size));

    private static void AssertFirstStepReachingK(List<DirectoryEntry> inSector, ReporterProfile reporter, SanitizedReport view, int k)
    {
        var area = reporter.RegionCode is not null && Areas.TryGetValue(reporter.RegionCode, out var a) ? a : null;
        var size = reporter.SizeClass;
        (bool Available, string? Region, string? Area, string? Size, string Precision)[] steps =
        [
            (reporter.RegionCode is not null && size is not null, reporter.RegionCode, area, size, "hour"),
            (area is not null && size is not null, null, area, size, "hour"),
            (area is not null, null, area, null, "day"),
            (true, null, null, null, "day"),
        ];
        foreach (var step in steps)
        {
            if (step.Available && Recount(inSector, step.Region, step.Area, step.Size) >= k)
            {
                Assert.Equal((step.Region, step.Area, step.Size, step.Precision), (view.RegionCode, view.AreaCode, view.SizeClass, view.TimePrecision));
                return;
            }
        }
        Assert.Fail("a view was published although no step reaches k");
    }
}
