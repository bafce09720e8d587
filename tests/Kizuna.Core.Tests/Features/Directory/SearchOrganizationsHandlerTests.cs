using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Paging;
using Kizuna.TestKit;
using static Kizuna.Core.Features.Directory.ReferenceDataFiles;

namespace Kizuna.Core.Tests.Features.Directory;

/// <summary>One demo directory per database, shared by the read-only search tests.</summary>
public sealed class DemoDirectoryFixture : IAsyncLifetime
{
    private readonly Dictionary<DatabaseKind, CoreHost> _hosts = [];

    public CoreHost this[DatabaseKind kind] => _hosts[kind];

    public async ValueTask InitializeAsync()
    {
        foreach (var kind in Enum.GetValues<DatabaseKind>())
            _hosts[kind] = await CoreHost.CreateAsync(kind, demo: true);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.Values) await host.DisposeAsync();
    }
}

public sealed class SearchOrganizationsHandlerTests(DemoDirectoryFixture directory) : IClassFixture<DemoDirectoryFixture>
{
    /// <summary>The shipped and demo organisations as written in the data files: the oracle for expected results.</summary>
    private static readonly IReadOnlyList<OrganizationRow> Rows = [.. Read<OrganizationRow>("organizations.json"), .. Read<OrganizationRow>("demo/organizations.json")];

    private static readonly PageRequest All = new(1, PageRequest.MaxPageSize);

    private async Task<Paged<OrganizationSummary>> SearchAsync(DatabaseKind kind, string? q = null, string? sector = null, string? orgKind = null,
        string? ceptoar = null, string? region = null, PageRequest? paging = null)
    {
        await using var ctx = directory[kind].NewContext();
        return await new SearchOrganizationsHandler(ctx).HandleAsync(new SearchOrganizations(q, sector, orgKind, ceptoar, region, paging ?? All));
    }

    private static IEnumerable<string> Codes(Paged<OrganizationSummary> page) => page.Items.Select(o => o.Code).Order();

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Search_NoFilter_ReturnsWholeDirectory(DatabaseKind kind)
    {
        var result = await SearchAsync(kind);
        Assert.Equal(Rows.Count, result.Total);
        Assert.Equal(Rows.Select(r => r.Code).Order(), Codes(result));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite, "青空テレコム")]
    [InlineData(DatabaseKind.Postgres, "青空テレコム")]
    [InlineData(DatabaseKind.Sqlite, "aozora telecom")]
    [InlineData(DatabaseKind.Postgres, "aozora telecom")]
    [InlineData(DatabaseKind.Sqlite, "AOZORA TELECOM")]
    [InlineData(DatabaseKind.Postgres, "AOZORA TELECOM")]
    [InlineData(DatabaseKind.Sqlite, "  aOzOrA-tEl  ")]
    [InlineData(DatabaseKind.Postgres, "  aOzOrA-tEl  ")]
    public async Task Search_ByNameOrCode_FindsOrganisationWhateverTheCase(DatabaseKind kind, string q)
    {
        var result = await SearchAsync(kind, q);
        Assert.Equal(["AOZORA-TEL"], Codes(result));
        Assert.Equal(1, result.Total);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite, "事務局")]
    [InlineData(DatabaseKind.Postgres, "事務局")]
    [InlineData(DatabaseKind.Sqlite, "secretariat")]
    [InlineData(DatabaseKind.Postgres, "SECRETARIAT")]
    [InlineData(DatabaseKind.Sqlite, "ケーブル")]
    [InlineData(DatabaseKind.Postgres, "Cable")]
    public async Task Search_ByText_MatchesExactlyTheOrganisationsContainingIt(DatabaseKind kind, string q)
    {
        var needle = q.Trim().ToLowerInvariant();
        var expected = Rows.Where(r => r.Code.ToLowerInvariant().Contains(needle) || r.NameJa.ToLowerInvariant().Contains(needle) || r.NameEn.ToLowerInvariant().Contains(needle))
            .Select(r => r.Code).Order().ToList();
        Assert.NotEmpty(expected);
        var result = await SearchAsync(kind, q);
        Assert.Equal(expected, Codes(result));
        Assert.Equal(expected.Count, result.Total);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Search_TextNobodyHas_ReturnsNothing(DatabaseKind kind)
    {
        var result = await SearchAsync(kind, "存在しない組織 zzz");
        Assert.Empty(result.Items);
        Assert.Equal(0, result.Total);
        Assert.Equal(1, result.PageCount);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Search_BySector_OnlyMembersOfThatSector(DatabaseKind kind)
    {
        foreach (var sector in new[] { "water", "finance", "port" })
        {
            var expected = Rows.Where(r => (r.Sectors ?? []).Contains(sector)).Select(r => r.Code).Order().ToList();
            Assert.NotEmpty(expected);
            var result = await SearchAsync(kind, sector: sector);
            Assert.Equal(expected, Codes(result));
            Assert.All(result.Items, o => Assert.Contains(sector, o.Sectors));
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Search_ByKind_OnlyThatKind(DatabaseKind kind)
    {
        foreach (var orgKind in new[] { OrganizationKinds.Ceptoar, OrganizationKinds.Ministry, OrganizationKinds.Peripheral })
        {
            var expected = Rows.Where(r => r.Kind == orgKind).Select(r => r.Code).Order().ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Codes(await SearchAsync(kind, orgKind: orgKind)));
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Search_ByCeptoar_OnlyItsMembers(DatabaseKind kind)
    {
        var expected = Rows.Where(r => (r.Ceptoars ?? []).Contains("tel-telecom")).Select(r => r.Code).Order().ToList();
        Assert.Contains("AOZORA-TEL", expected);
        Assert.Contains("YAMABIKO-CATV", expected); // member of two CEPTOARs
        var result = await SearchAsync(kind, ceptoar: "tel-telecom");
        Assert.Equal(expected, Codes(result));
        Assert.All(result.Items, o => Assert.Contains("tel-telecom", o.Ceptoars));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Search_ByPrefecture_OnlyThatPrefectureWithItsName(DatabaseKind kind)
    {
        var expected = Rows.Where(r => r.RegionCode == "JP-01").Select(r => r.Code).Order().ToList();
        Assert.Contains("HOKUTO-NET", expected);
        var result = await SearchAsync(kind, region: "JP-01");
        Assert.Equal(expected, Codes(result));
        Assert.All(result.Items, o => Assert.Equal(("JP-01", "北海道", "Hokkaido"), (o.RegionCode!, o.RegionNameJa!, o.RegionNameEn!)));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Search_ByArea_AllPrefecturesOfTheArea(DatabaseKind kind)
    {
        var kanto = Read<PrefectureRow>("prefectures.json").Where(p => p.AreaCode == "kanto").Select(p => p.Code).ToHashSet();
        Assert.Contains("JP-13", kanto);
        var expected = Rows.Where(r => r.RegionCode is not null && kanto.Contains(r.RegionCode)).Select(r => r.Code).Order().ToList();
        Assert.True(expected.Select(c => Rows.Single(r => r.Code == c).RegionCode).Distinct().Count() > 1, "the demo should have kanto organisations outside Tokyo");
        Assert.Equal(expected, Codes(await SearchAsync(kind, region: "kanto")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Search_CombinedFilters_AllApply(DatabaseKind kind)
    {
        var expected = Rows.Where(r => r.Kind == OrganizationKinds.Operator && (r.Sectors ?? []).Contains("finance") && r.RegionCode == "JP-13")
            .Select(r => r.Code).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Codes(await SearchAsync(kind, sector: "finance", orgKind: OrganizationKinds.Operator, region: "JP-13")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Search_Paged_TotalsAndPagesCoverEveryMatchOnce(DatabaseKind kind)
    {
        const int size = 7;
        var first = await SearchAsync(kind, paging: new PageRequest(1, size));
        Assert.Equal(Rows.Count, first.Total);
        Assert.Equal((Rows.Count + size - 1) / size, first.PageCount);
        var seen = new List<string>();
        for (var page = 1; page <= first.PageCount; page++)
        {
            var result = await SearchAsync(kind, paging: new PageRequest(page, size));
            Assert.Equal(first.Total, result.Total);
            Assert.Equal(page, result.Page);
            Assert.Equal(page < first.PageCount ? size : Rows.Count - size * (first.PageCount - 1), result.Items.Count);
            seen.AddRange(result.Items.Select(o => o.Code));
        }
        Assert.Equal(Rows.Select(r => r.Code).Order(), seen.Order());
        Assert.Equal(Rows.Count, seen.Distinct().Count());
        // Non-operators (coordinator, ministries, CEPTOARs …) come first.
        Assert.Equal(Rows.Where(r => r.Kind != OrganizationKinds.Operator).Select(r => r.Code).Order(StringComparer.Ordinal).Take(size), first.Items.Select(o => o.Code));
        Assert.DoesNotContain(first.Items, o => o.Kind == OrganizationKinds.Operator);

        var beyond = await SearchAsync(kind, paging: new PageRequest(first.PageCount + 1, size));
        Assert.Empty(beyond.Items);
        Assert.Equal(Rows.Count, beyond.Total);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite, "sector")]
    [InlineData(DatabaseKind.Postgres, "sector")]
    [InlineData(DatabaseKind.Sqlite, "kind")]
    [InlineData(DatabaseKind.Postgres, "kind")]
    [InlineData(DatabaseKind.Sqlite, "ceptoar")]
    [InlineData(DatabaseKind.Postgres, "ceptoar")]
    [InlineData(DatabaseKind.Sqlite, "region")]
    [InlineData(DatabaseKind.Postgres, "region")]
    [InlineData(DatabaseKind.Sqlite, "q")]
    [InlineData(DatabaseKind.Postgres, "q")]
    public async Task Search_UnknownFilterValue_InputExceptionNamesTheField(DatabaseKind kind, string field)
    {
        var error = await Assert.ThrowsAsync<InputException>(() => field switch
        {
            "sector" => SearchAsync(kind, sector: "space"),
            "kind" => SearchAsync(kind, orgKind: "alien"),
            "ceptoar" => SearchAsync(kind, ceptoar: "no-such-ceptoar"),
            "region" => SearchAsync(kind, region: "JP-48"),
            _ => SearchAsync(kind, q: new string('あ', SearchOrganizationsHandler.MaxQueryLength + 1)),
        });
        Assert.Contains(field, error.Errors.Keys);
    }

    [Theory]
    [InlineData(0, 10, "page")]
    [InlineData(-1, 10, "page")]
    [InlineData(PageRequest.MaxPage + 1, 10, "page")]
    [InlineData(1, 0, "pageSize")]
    [InlineData(1, -5, "pageSize")]
    [InlineData(1, PageRequest.MaxPageSize + 1, "pageSize")]
    public void PageRequest_OutOfRange_InputExceptionNamesTheField(int page, int size, string field)
    {
        var error = Assert.Throws<InputException>(() => PageRequest.From(page, size));
        Assert.Equal([field], error.Errors.Keys);
    }

    [Fact]
    public void PageRequest_Defaults_FirstPageOfFifty()
    {
        var paging = PageRequest.From(null, null);
        Assert.Equal((1, PageRequest.DefaultPageSize, 0), (paging.Page, paging.PageSize, paging.Skip));
        Assert.Equal(400, PageRequest.From(3, 200).Skip);
        var both = Assert.Throws<InputException>(() => PageRequest.From(0, 0));
        Assert.Equal(["page", "pageSize"], both.Errors.Keys.Order());
    }
}
