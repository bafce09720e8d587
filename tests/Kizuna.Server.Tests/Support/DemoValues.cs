namespace Kizuna.Server.Tests.Support;

/// <summary>Real values for route parameters, from the demo community, keyed as <see cref="RouteCatalog.KeyOf"/> does.</summary>
public static class DemoValues
{
    public static readonly string[] TaxonomyNames = ["event-types", "cause-types", "severity-levels", "severity-axes"];

    /// <summary>A small map that fills every parameter the app has today; add an entry when a test names a missing key.</summary>
    public static Dictionary<string, IReadOnlyList<string>> RouteValues(IReadOnlyList<string> organizationCodes, IReadOnlyList<string> sectorCodes, IReadOnlyList<string> noticeIds)
        => new()
        {
            ["organizations/code"] = organizationCodes,
            ["directory/code"] = organizationCodes,
            ["sectors/code"] = sectorCodes,
            ["taxonomy/name"] = TaxonomyNames,
            ["notices/id"] = noticeIds,
            ["lang/code"] = ["ja"],
            ["openapi/documentname"] = ["v1"],
        };
}
