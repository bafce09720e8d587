using Kizuna.Core.Errors;
using MimeKit;

namespace Kizuna.Core.Features.Delivery;

/// <summary>How an organisation relays advisories it receives (情報提供の中継).</summary>
public static class RelayModes
{
    /// <summary>Relayed to the organisation's members and members' members as soon as received.</summary>
    public const string Automatic = "automatic";
    /// <summary>A person of the organisation must release each advisory before it is relayed.</summary>
    public const string Manual = "manual";

    public static readonly IReadOnlyList<string> All = [Automatic, Manual];
}

/// <summary>
/// An organisation's delivery settings (配信設定): which channels it receives on, extra addresses,
/// and quiet hours during which non-urgent items wait. One row per organisation, created with the
/// defaults the first time it is read or changed.
/// </summary>
public sealed class OrganizationDeliverySettings
{
    public const int MaxExtraEmailAddresses = 10;
    public const int MaxEmailLength = 256;

    // Quiet hours are read in Japan time (Jst.Offset).

    private OrganizationDeliverySettings() { }

    public OrganizationDeliverySettings(Guid organizationId, DateTimeOffset now)
    {
        OrganizationId = organizationId;
        UpdatedAt = now;
    }

    public Guid OrganizationId { get; private set; }
    public bool EmailEnabled { get; private set; } = true;
    public bool WebhooksEnabled { get; private set; } = true;
    public List<string> ExtraEmailAddresses { get; private set; } = [];
    /// <summary>Start of quiet hours (Asia/Tokyo); with <see cref="QuietHoursEnd"/> it may wrap midnight.</summary>
    public TimeOnly? QuietHoursStart { get; private set; }
    public TimeOnly? QuietHoursEnd { get; private set; }
    public string RelayMode { get; private set; } = RelayModes.Automatic;
    public DateTimeOffset UpdatedAt { get; private set; }

    public bool HasQuietHours => QuietHoursStart is { } s && QuietHoursEnd is { } e && s != e;

    /// <summary>Validates and applies a whole new set of settings.</summary>
    public void Change(bool emailEnabled, bool webhooksEnabled, IReadOnlyList<string> extraEmailAddresses, TimeOnly? quietStart, TimeOnly? quietEnd,
        string relayMode, DateTimeOffset now)
    {
        var addresses = extraEmailAddresses.Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var check = new InputCheck()
            .That(addresses.Count <= MaxExtraEmailAddresses, "extraEmailAddresses", $"At most {MaxExtraEmailAddresses} extra e-mail addresses; {addresses.Count} were given.")
            .That(quietStart.HasValue == quietEnd.HasValue, "quietHours", "Give both the start and the end of quiet hours, or neither.")
            .That(RelayModes.All.Contains(relayMode), "relayMode", $"Unknown relay mode '{relayMode}'; use automatic or manual.");
        foreach (var a in addresses)
            check.That(IsEmailAddress(a), "extraEmailAddresses", $"'{(a.Length > 60 ? a[..60] + "…" : a)}' is not an e-mail address.");
        check.ThrowIfInvalid("The delivery settings are invalid.");
        EmailEnabled = emailEnabled;
        WebhooksEnabled = webhooksEnabled;
        ExtraEmailAddresses = addresses;
        QuietHoursStart = quietStart;
        QuietHoursEnd = quietEnd;
        RelayMode = relayMode;
        UpdatedAt = now;
    }

    /// <summary>
    /// When an item may go out: <paramref name="now"/> for urgent items or outside quiet hours,
    /// else the end of the current quiet period.
    /// </summary>
    public DateTimeOffset DueAt(DateTimeOffset now, bool urgent)
    {
        if (urgent || !HasQuietHours) return now;
        var local = now.ToOffset(Jst.Offset);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var (start, end) = (QuietHoursStart!.Value, QuietHoursEnd!.Value);
        var quiet = start < end ? time >= start && time < end : time >= start || time < end;
        if (!quiet) return now;
        var endToday = new DateTimeOffset(DateOnly.FromDateTime(local.DateTime).ToDateTime(end), Jst.Offset);
        var due = endToday > local ? endToday : endToday.AddDays(1);
        return due.ToUniversalTime();
    }

    /// <summary>A single plain address (<c>local@domain</c>), nothing MIME would reinterpret.</summary>
    public static bool IsEmailAddress(string? value)
        => !string.IsNullOrWhiteSpace(value) && value.Length <= MaxEmailLength && !value.Any(char.IsWhiteSpace)
           && MailboxAddress.TryParse(value, out var m) && m.Address == value && value.IndexOf('@') is > 0 && value.LastIndexOf('@') == value.IndexOf('@')
           && value.IndexOf('@') < value.Length - 1;
}
