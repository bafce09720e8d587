using System.Security.Claims;
using System.Text.Json.Serialization;
using Kizuna.Core.Features.Crisis;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Hotline;
using Kizuna.Core.Features.Identity;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Kizuna.Server.Features.Hotline;

/// <summary>
/// The hotline's live channel for browsers and SignalR clients (<c>/hubs/hotline</c>). A connection
/// joins exactly one group, its user's organisation, and receives what is pushed to that group:
/// <c>alert</c> (an alert addressed to the organisation, the same JSON as the SSE stream) and
/// <c>acknowledged</c> (an acknowledgement of an alert the organisation sent, for its board). What
/// is pushed to which group is decided by <see cref="HotlineLiveHandler"/> through the disclosure
/// policy; the hub itself only says who a connection belongs to. With Redis configured the groups
/// span every node (the backplane). Cookie (browsers) or bearer token (machine clients).
/// </summary>
[Authorize(Policy = Capabilities.Member)]
public sealed class HotlineHub(ViewerFactory viewers, HotlineQueries queries, CrisisQueries crises) : Hub
{
    public const string Path = "/hubs/hotline";

    /// <summary>The client methods the hub calls.</summary>
    public const string AlertMethod = "alert";
    public const string AcknowledgedMethod = "acknowledged";
    public const string CrisisUpdatedMethod = "crisisUpdated";

    /// <summary>The largest message a client may send (clients only call <see cref="Since"/> and <see cref="WatchCrisis"/>); larger ones close the connection.</summary>
    public const long MaxReceiveBytes = 4 * 1024;

    /// <summary>At most this many alerts in one <see cref="Since"/> answer.</summary>
    public const int MaxReplay = 100;

    public static string OrganizationGroup(Guid organizationId) => $"org:{organizationId:N}";

    public static string CrisisGroup(Guid crisisId) => $"crisis:{crisisId:N}";

    public override async Task OnConnectedAsync()
    {
        var viewer = await ViewerAsync();
        if (viewer is null)
        {
            Context.Abort();
            return;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, OrganizationGroup(viewer.OrganizationId), Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    /// <summary>
    /// The alerts addressed to my organisation after a sequence number (oldest first, at most
    /// <see cref="MaxReplay"/>): what a client missed while it was disconnected. Without one
    /// (null) it answers the latest sequence number, where a new client starts.
    /// </summary>
    public async Task<HotlineReplay> Since(long? afterSequence)
    {
        var viewer = await ViewerAsync() ?? throw new HubException("Not signed in.");
        if (afterSequence is null) return new HotlineReplay(await queries.LatestSequenceAsync(Context.ConnectionAborted), []);
        if (afterSequence < 0) throw new HubException("afterSequence must not be negative.");
        var alerts = await queries.AddressedAfterAsync(viewer, afterSequence.Value, MaxReplay, Context.ConnectionAborted);
        var messages = await queries.MessagesAsync(viewer, alerts.Select(a => a.Id).ToList(), Context.ConnectionAborted);
        var pushed = alerts.Select(a => LiveAlert.From(a, messages.GetValueOrDefault(a.Id, ""))).ToList();
        return new HotlineReplay(pushed.Count > 0 ? pushed[^1].Sequence : afterSequence.Value, pushed);
    }

    /// <summary>
    /// Watches a crisis board: the connection joins the crisis's group and receives
    /// <c>crisisUpdated</c> when the board changes. Only for viewers who read the board (the crisis
    /// room rule, <see cref="Core.Disclosure.DisclosurePolicy.CrisisRoom"/>); anyone else (an operator
    /// that only answers, an outsider, an unknown crisis) gets a <see cref="HubException"/> and is not added.
    /// </summary>
    public async Task<bool> WatchCrisis(Guid crisisId)
    {
        var viewer = await ViewerAsync() ?? throw new HubException("Not signed in.");
        if (!await crises.ReadsBoardAsync(viewer, crisisId, Context.ConnectionAborted))
            throw new HubException("No such crisis board.");
        await Groups.AddToGroupAsync(Context.ConnectionId, CrisisGroup(crisisId), Context.ConnectionAborted);
        return true;
    }

    private async Task<Core.Disclosure.Viewer?> ViewerAsync()
    {
        var id = Context.User?.FindFirstValue(ClaimTypes.NameIdentifier);
        return Guid.TryParse(id, out var userId) ? await viewers.ForUserAsync(userId, Context.ConnectionAborted) : null;
    }
}

/// <summary>
/// One alert pushed live (SignalR <c>alert</c>, SSE <c>event: alert</c>). An exercise alert carries
/// <c>"exercise": {"id", "title"}</c>; the field is absent for real alerts.
/// </summary>
public sealed record LiveAlert(Guid Id, long Sequence, string Direction, string Class, int Severity, string Tlp, string Title, string Message, string SenderCode,
    DateTimeOffset CreatedAt, string Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ExerciseRef? Exercise = null)
{
    public static LiveAlert From(AlertSummary a, string message)
        => new(a.Id, a.Sequence, a.Direction, a.Class, a.Severity, a.Tlp, a.Title, message, a.SenderCode, a.CreatedAt, $"/hotline/{a.Id}", a.Exercise);
}

/// <summary>What <see cref="HotlineHub.Since"/> answers: the alerts missed and the sequence number to continue from.</summary>
public sealed record HotlineReplay(long LastSequence, IReadOnlyList<LiveAlert> Alerts);

/// <summary>An acknowledgement pushed to the sender's board (SignalR <c>acknowledged</c>).</summary>
public sealed record LiveAcknowledgement(Guid AlertId, string OrganizationCode, DateTimeOffset AcknowledgedAt, string Via, int Recipients, int Acknowledged);

/// <summary>A crisis board changed (SignalR <c>crisisUpdated</c>): only the crisis id; the page reads the board again.</summary>
public sealed record LiveCrisisUpdate(Guid CrisisId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ExerciseRef? Exercise = null);
