using System.Linq.Expressions;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kizuna.Core.Features.Hotline;

/// <summary>
/// The shape every escalation (エスカレーション) shares, for unacknowledged hotline alerts and for
/// unanswered crisis status requests alike: a background loop on <see cref="TimeProvider"/> that
/// takes every due step each poll interval, levels 1–3 (1 a mail to the organisation's primary
/// contacts, 2 to its backup contacts, 3 a flag on the board), each step one transaction holding a
/// conditional update that only one escalator wins (threads or nodes), so each level fires once.
/// The loop runs each round under a lease (<see cref="RoundLease"/>), so with several nodes only one
/// does the work at a time; when the lease store (Redis) is unreachable it runs the round anyway:
/// the conditional updates keep each step exactly once, the lease only saves duplicate work.
/// </summary>
public abstract class Escalator(IServiceScopeFactory scopes, TimeProvider clock, ILeaseProvider leases, ILogger log) : BackgroundService
{
    public const string PrimaryRole = "primary";
    public const string BackupRole = "backup";
    public const int MaxLevel = 3;

    protected TimeProvider Clock { get; } = clock;

    /// <summary>Whether the loop runs on this node.</summary>
    protected abstract bool Enabled { get; }

    /// <summary>How often the loop looks for due steps.</summary>
    protected abstract TimeSpan PollInterval { get; }

    /// <summary>The name of the lease a round runs under.</summary>
    protected abstract string RoundLease { get; }

    /// <summary>How long a round's lease lasts (renewed while the round runs): three poll intervals, between a second and the longest lease.</summary>
    public TimeSpan LeaseTtl
    {
        get
        {
            var ttl = PollInterval * 3;
            return ttl < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : ttl > LeaseLimits.MaxTtl ? LeaseLimits.MaxTtl : ttl;
        }
    }

    /// <summary>One round under the lease: skipped when another node holds it, run anyway when the lease store is unreachable.</summary>
    public Task<LeasedRun> RunRoundAsync(CancellationToken ct = default)
        => leases.RunAsync(RoundLease, LeaseTtl, RunOnceAsync, runWhenUnavailable: true, log, ct);

    /// <summary>
    /// One row that may be due for a step: its id, the item escalated (alert or crisis), the
    /// organisation, its current level, the time counting starts from, and the policy that applies.
    /// </summary>
    protected sealed record Candidate(Guid RowId, Guid SubjectId, Guid OrganizationId, int Level, DateTimeOffset Since, EscalationPolicy Policy);

    /// <summary>One round: every step that is due now, oldest first. Returns how many steps this call took.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var now = Clock.GetUtcNow();
        var steps = 0;
        foreach (var c in (await CandidatesAsync(scope.ServiceProvider, now, ct)).OrderBy(c => c.Since))
        {
            var due = c.Policy.DueLevel(now - c.Since);
            for (var level = c.Level; level < due && level < MaxLevel; level++)
            {
                // Not taken: acknowledged or answered meanwhile, stood down, or another escalator took it.
                if (!await TakeStepAsync(scope.ServiceProvider, c, level, now, ct)) break;
                steps++;
            }
        }
        return steps;
    }

    /// <summary>The rows still open below <see cref="MaxLevel"/> whose first step may be due (a cheap filter; the policy decides).</summary>
    protected abstract Task<IReadOnlyList<Candidate>> CandidatesAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Takes one step, level <paramref name="level"/> to the next, in one transaction with
    /// <see cref="StepAsync"/>; answers whether it was taken.
    /// </summary>
    protected abstract Task<bool> TakeStepAsync(IServiceProvider services, Candidate candidate, int level, DateTimeOffset now, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunRoundAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "{Escalator} round failed; retrying after the poll interval.", GetType().Name);
            }
            try { await Task.Delay(PollInterval, Clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>
    /// One step in one transaction: <paramref name="raise"/> is the conditional update (see
    /// <see cref="RaiseLevelAsync{T}"/>); when it changed a row, <paramref name="effects"/> adds the
    /// mails and the audit row and all commits together. Returns whether the step was taken.
    /// </summary>
    protected static async Task<bool> StepAsync(KizunaDb db, Func<Task<int>> raise, Func<Task> effects, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await raise() == 0)
        {
            // Acknowledged or answered meanwhile, stood down, or another escalator took this step.
            await tx.RollbackAsync(CancellationToken.None);
            return false;
        }
        await effects();
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>
    /// The conditional update of one step: sets the level to <paramref name="level"/> + 1 and that
    /// level's time on the rows <paramref name="row"/> still matches (the caller filters on the current
    /// level and whatever stops the escalation). Returns the rows changed: 0 means the step is not to be taken.
    /// </summary>
    protected static Task<int> RaiseLevelAsync<T>(IQueryable<T> row, int level, DateTimeOffset now, Expression<Func<T, int>> levelOf,
        Expression<Func<T, DateTimeOffset?>> level1At, Expression<Func<T, DateTimeOffset?>> level2At, Expression<Func<T, DateTimeOffset?>> level3At,
        CancellationToken ct)
    {
        var next = level + 1;
        var at = next switch { 1 => level1At, 2 => level2At, _ => level3At };
        return row.ExecuteUpdateAsync(s => s.SetProperty(levelOf, next).SetProperty(at, now), ct);
    }

    /// <summary>The addresses a level mails: the organisation's contacts with role <c>primary</c> at level 1, <c>backup</c> at level 2, none at level 3 (the flag).</summary>
    public static IReadOnlyList<string> ContactAddresses(Organization org, int level)
    {
        if (level is < 1 or > 2) return [];
        var role = level == 1 ? PrimaryRole : BackupRole;
        return org.Contacts.Where(c => c.Role == role && OrganizationDeliverySettings.IsEmailAddress(c.Email))
            .Select(c => c.Email!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The audit detail of one step.</summary>
    public static string StepDetail(string organizationCode, int level, int mails)
        => $"{organizationCode} to level {level}" + (level < MaxLevel ? $", {mails} contact mails" : ", flagged on the board");

    /// <summary>The idempotency key of one escalation mail: subject, organisation, level and address (the second guard after the conditional update).</summary>
    public static string MailKey(string subject, Guid organizationId, int level, string address)
        => $"{subject}:esc{level}:{organizationId:N}:{OrganizationFanOut.AddressKey(address)}";
}
