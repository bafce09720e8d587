using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Liaison;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Analytics.Trends;

/// <summary>Looks up what <see cref="DisclosurePolicy.Statistics"/> needs (a ministry's sectors today, the threshold) and asks it.</summary>
public sealed class StatisticsScopes(LiaisonDirectory directory, IOptions<LiaisonOptions> liaison)
{
    public async Task<StatisticsScope> ForAsync(Viewer viewer, CancellationToken ct = default)
    {
        IReadOnlySet<string> ministrySectors = viewer.OrganizationKind == OrganizationKinds.Ministry && !viewer.IsSystem
            ? await directory.SectorsOfMinistryAsync(viewer.OrganizationId, ct)
            : new HashSet<string>();
        return DisclosurePolicy.Statistics(viewer, ministrySectors, liaison.Value.StatisticsThreshold);
    }
}
