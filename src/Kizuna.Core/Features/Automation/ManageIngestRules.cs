using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Automation;

/// <summary>
/// Creates, edits, enables, disables, reorders and deletes ingest rules, within the viewer's
/// <see cref="RuleScope"/>; a rule outside it answers 404 as if absent. Every change is audited
/// (<c>automation.rule-*</c>) and saved with its audit entry.
/// </summary>
public sealed class ManageIngestRulesHandler(KizunaDb db, RuleEditors editors, AuditTrail audit, TimeProvider clock, IOptions<AutomationOptions> options)
{
    public const int OrderStep = 10;

    public async Task<IngestRule> CreateAsync(IngestRuleSpec spec, Viewer viewer, CancellationToken ct = default)
    {
        var scope = await editors.RequireAsync(viewer, ct);
        if (await db.IngestRules.CountAsync(ct) >= options.Value.MaxRules)
            throw new InputException("rules", $"The server holds at most {options.Value.MaxRules} rules (Automation:MaxRules); delete one first.");
        var order = spec.Order ?? ((await db.IngestRules.MaxAsync(r => (int?)r.Order, ct) ?? 0) + OrderStep);
        var rule = new IngestRule(spec, viewer.OrganizationId, viewer.UserId, order, clock.GetUtcNow());
        await editors.CheckAsync(rule, scope, viewer, ct);
        db.IngestRules.Add(rule);
        await SaveAsync(viewer, "automation.rule-created", rule, Describe(rule), ct);
        return rule;
    }

    public async Task<IngestRule> UpdateAsync(Guid id, IngestRuleSpec spec, Viewer viewer, CancellationToken ct = default)
    {
        var (rule, scope) = await FindAsync(id, viewer, ct);
        rule.Edit(spec, spec.Order ?? rule.Order, viewer.UserId, clock.GetUtcNow());
        await editors.CheckAsync(rule, scope, viewer, ct);
        await SaveAsync(viewer, "automation.rule-updated", rule, Describe(rule), ct);
        return rule;
    }

    public async Task<IngestRule> SetEnabledAsync(Guid id, bool enabled, Viewer viewer, CancellationToken ct = default)
    {
        var (rule, _) = await FindAsync(id, viewer, ct);
        if (enabled) rule.Enable(viewer.UserId, clock.GetUtcNow());
        else rule.Disable(viewer.UserId, clock.GetUtcNow());
        await SaveAsync(viewer, enabled ? "automation.rule-enabled" : "automation.rule-disabled", rule, rule.Name, ct);
        return rule;
    }

    /// <summary>Swaps the rule with its neighbour above (<paramref name="up"/>) or below among the rules the viewer sees.</summary>
    public async Task<IngestRule> MoveAsync(Guid id, bool up, Viewer viewer, CancellationToken ct = default)
    {
        var (rule, scope) = await FindAsync(id, viewer, ct);
        var all = await db.IngestRules.OrderBy(r => r.Order).ThenBy(r => r.CreatedAt).ToListAsync(ct);
        var mine = all.Where(scope.Covers).ToList();
        var i = mine.FindIndex(r => r.Id == rule.Id);
        var j = up ? i - 1 : i + 1;
        if (j < 0 || j >= mine.Count) return rule;
        var other = mine[j];
        var now = clock.GetUtcNow();
        var (a, b) = (rule.Order, other.Order);
        if (a == b) b = up ? a - 1 : a + 1;
        rule.MoveTo(b, viewer.UserId, now);
        other.MoveTo(a, viewer.UserId, now);
        await SaveAsync(viewer, "automation.rule-moved", rule, $"{rule.Name}: order {a} → {b}", ct);
        return rule;
    }

    public async Task DeleteAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        var (rule, _) = await FindAsync(id, viewer, ct);
        db.IngestRules.Remove(rule);
        await SaveAsync(viewer, "automation.rule-deleted", rule, rule.Name, ct);
    }

    private async Task<(IngestRule Rule, RuleScope Scope)> FindAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        var scope = await editors.RequireAsync(viewer, ct);
        var rule = await db.IngestRules.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null || !scope.Covers(rule)) throw new NotFoundException("There is no such rule you may edit.");
        return (rule, scope);
    }

    private async Task SaveAsync(Viewer viewer, string action, IngestRule rule, string detail, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, AuditRecord.By(viewer, action, "ingest-rule", rule.Id.ToString("D"), detail), ct);
        await tx.CommitAsync(ct);
    }

    private static string Describe(IngestRule r)
        => $"{r.Name} ({(r.Enabled ? "enabled" : "disabled")}, order {r.Order}): copy→{r.CopyToSector ?? "-"}, tags [{string.Join(", ", r.AddTags)}], notify {r.NotifyOrganization ?? "-"}";
}
