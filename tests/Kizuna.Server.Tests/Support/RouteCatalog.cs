using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.Server.Tests.Support;

/// <summary>
/// Every route of the running app, read from its <see cref="EndpointDataSource"/> (minimal APIs and
/// Blazor pages alike), so tests that walk "every endpoint" pick up new ones without edits.
/// Route parameters are filled from a map keyed by <c>"{literal segment before}/{parameter}"</c>,
/// lower case: <c>"organizations/code"</c>, <c>"directory/code"</c>, <c>"notices/id"</c>. A parameter
/// with no entry fails the test with a message naming the key to add. A route may also get extra
/// query strings (entry <see cref="QueryKeyOf"/>): each path is then requested bare and with each.
/// A live stream (<see cref="Kizuna.Server.Features.Hotline.OpenEndedStream"/>) would never end a
/// walk's request, so its paths always carry the stream's finite query (it answers what it has, then ends).
/// </summary>
public static class RouteCatalog
{
    public static IReadOnlyList<RouteEndpoint> All(IServiceProvider services)
        => services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal).ToList();

    public static bool IsPage(Endpoint e) => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;

    public static bool IsApi(RouteEndpoint e) => (e.RoutePattern.RawText ?? "").StartsWith("/api/", StringComparison.Ordinal);

    /// <summary>The TAXII 2.1 server (<c>/taxii2/</c>): tokens only (Basic or Bearer), TAXII errors instead of problem details.</summary>
    public static bool IsTaxii(RouteEndpoint e) => (e.RoutePattern.RawText ?? "").StartsWith("/taxii2", StringComparison.Ordinal);

    /// <summary>Routes a walk calls with an API token rather than the session cookie: the REST API and TAXII.</summary>
    public static bool UsesToken(RouteEndpoint e) => IsApi(e) || IsTaxii(e);

    /// <summary>Whether the endpoint answers GET (no method metadata means any method).</summary>
    public static bool AnswersGet(Endpoint e)
        => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } m || m.HttpMethods.Count == 0 || m.HttpMethods.Contains(HttpMethods.Get);

    public static IReadOnlyList<RouteEndpoint> ApiGets(IServiceProvider services) => All(services).Where(e => IsApi(e) && AnswersGet(e)).ToList();

    public static IReadOnlyList<RouteEndpoint> Gets(IServiceProvider services) => All(services).Where(AnswersGet).ToList();

    public static string Describe(Endpoint e)
        => $"{string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])} {(e as RouteEndpoint)?.RoutePattern.RawText} ({e.DisplayName})";

    /// <summary>The key a parameter is filled by: the literal segment before it and its name, lower case.</summary>
    public static string KeyOf(RoutePattern pattern, RoutePatternParameterPart parameter)
    {
        string previous = "";
        foreach (var segment in pattern.PathSegments)
        {
            if (segment.Parts.Contains(parameter)) break;
            if (segment.IsSimple && segment.Parts[0] is RoutePatternLiteralPart literal) previous = literal.Content;
        }
        return $"{previous}/{parameter.Name}".ToLowerInvariant();
    }

    /// <summary>Every concrete path of a route: the cartesian product of the values of its parameters.</summary>
    public static IReadOnlyList<string> Expand(RouteEndpoint endpoint, IReadOnlyDictionary<string, IReadOnlyList<string>> values)
    {
        var pattern = endpoint.RoutePattern;
        var paths = new List<string> { "" };
        foreach (var segment in pattern.PathSegments)
        {
            var options = new List<string> { "" };
            var skip = false;
            foreach (var part in segment.Parts)
            {
                IReadOnlyList<string> choices;
                switch (part)
                {
                    case RoutePatternLiteralPart l: choices = [l.Content]; break;
                    case RoutePatternSeparatorPart s: choices = [s.Content]; break;
                    case RoutePatternParameterPart p:
                        var key = KeyOf(pattern, p);
                        if (!values.TryGetValue(key, out var found) || found.Count == 0)
                        {
                            if (p.IsOptional || p.IsCatchAll) { skip = true; choices = [""]; break; }
                            Assert.Fail($"No values for route parameter '{key}' of {Describe(endpoint)}: add them to the test's route value map.");
                            return [];
                        }
                        choices = found.Select(Uri.EscapeDataString).ToList();
                        break;
                    default: choices = [""]; break;
                }
                options = options.SelectMany(o => choices.Select(c => o + c)).ToList();
            }
            if (skip && options.All(o => o.Length == 0)) continue;
            paths = paths.SelectMany(p => options.Select(o => p + "/" + o)).ToList();
        }
        var result = paths.Select(p => p.Length == 0 ? "/" : p).Distinct().ToList();
        if (endpoint.Metadata.GetMetadata<Kizuna.Server.Features.Hotline.OpenEndedStream>() is { } stream)
            result = result.Select(p => WithQuery(p, stream.FiniteQuery)).ToList();
        // Query strings some routes need to answer with data (e.g. a diff's from and to), keyed by QueryKeyOf.
        if (values.TryGetValue(QueryKeyOf(endpoint), out var queries))
            result = result.SelectMany(p => queries.Select(q => WithQuery(p, q)).Prepend(p)).ToList();
        return result;
    }

    /// <summary>Adds a query parameter to a path that may already have a query string.</summary>
    public static string WithQuery(string path, string query) => path + (path.Contains('?') ? "&" : "?") + query;

    /// <summary>The key of a route's query-string variants in the value map: <c>"?"</c> and its raw pattern, e.g. <c>"?/api/v1/reports/{id:guid}/diff"</c>.</summary>
    public static string QueryKeyOf(RouteEndpoint endpoint) => "?" + endpoint.RoutePattern.RawText;
}
