using System.Globalization;
using Kizuna.Core.Features.Exercises;
using Kizuna.Server.Components;

namespace Kizuna.Server.Features.Exercises.Pages;

/// <summary>Labels and form parsing shared by the exercise pages.</summary>
public static class ExerciseText
{
    public static string Status(string status) => status switch
    {
        ExerciseStates.Draft => L.T("準備中", "draft"),
        ExerciseStates.Running => L.T("実施中", "running"),
        ExerciseStates.Completed => L.T("終了", "completed"),
        ExerciseStates.Cancelled => L.T("中止", "cancelled"),
        _ => status,
    };

    public static string InjectStatus(string status) => status switch
    {
        InjectStates.Pending => L.T("未送信", "pending"),
        InjectStates.Sent => L.T("送信済み", "sent"),
        InjectStates.Skipped => L.T("スキップ", "skipped"),
        _ => status,
    };

    public static string Kind(string kind) => kind switch
    {
        InjectKinds.Message => L.T("メッセージ", "message"),
        InjectKinds.Alert => L.T("緊急連絡（模擬）", "alert (simulated)"),
        InjectKinds.Advisory => L.T("情報提供", "advisory"),
        InjectKinds.LiaisonReport => L.T("情報連絡（模擬）", "liaison report (simulated)"),
        InjectKinds.CrisisDeclaration => L.T("大規模障害宣言", "crisis declaration"),
        InjectKinds.StatusRequest => L.T("状況報告依頼", "status request"),
        _ => kind,
    };

    public static string Role(string? role) => role switch
    {
        ExerciseRoles.Player => L.T("プレイヤー", "player"),
        ExerciseRoles.Controller => L.T("コントローラー", "controller"),
        ExerciseRoles.Observer => L.T("オブザーバー", "observer"),
        null => "—",
        _ => role,
    };

    public static string Access(string access) => access switch
    {
        ExerciseAccessLevels.Manage => L.T("運営", "manage"),
        ExerciseAccessLevels.Observe => L.T("見学", "observe"),
        _ => L.T("参加", "play"),
    };

    /// <summary>A <c>datetime-local</c> value read as Japan time.</summary>
    public static DateTimeOffset? ParseJst(string? local)
        => DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), TimeSpan.FromHours(9)) : null;

    public static string? FormatJst(DateTimeOffset? at) => at?.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>Audience as typed in the form: empty or <c>players</c> → every player; <c>sector:finance</c>; otherwise an organisation code. Comma-separated.</summary>
    public static IReadOnlyList<InjectAudience> ParseAudience(string? text)
    {
        var parts = (text ?? "").Split([',', '、', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Select(p => p.Equals("players", StringComparison.OrdinalIgnoreCase) ? new InjectAudience(InjectAudienceKinds.Players)
            : p.StartsWith("sector:", StringComparison.OrdinalIgnoreCase) ? new InjectAudience(InjectAudienceKinds.Sector, p["sector:".Length..])
            : new InjectAudience(InjectAudienceKinds.Organization, p)).ToList();
    }

    public static string FormatAudience(IReadOnlyList<InjectAudience>? audience)
        => audience is null ? "" : string.Join(", ", audience.Select(a => a.Kind switch
        {
            InjectAudienceKinds.Players => "players",
            InjectAudienceKinds.Sector => "sector:" + a.Value,
            _ => a.Value ?? "",
        }));

    /// <summary>Expected responses, one a line: <c>acknowledge 30</c>, <c>relay 30 sector:electricity</c>, <c>report 60 HIKARI-BANK</c>.</summary>
    public static IReadOnlyList<ExpectedResponse> ParseExpectations(string? text)
    {
        var result = new List<ExpectedResponse>();
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var minutes = words.Length > 1 && int.TryParse(words[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? m : 0;
            string? sector = null, org = null;
            if (words.Length > 2)
            {
                if (words[2].StartsWith("sector:", StringComparison.OrdinalIgnoreCase)) sector = words[2]["sector:".Length..];
                else org = words[2];
            }
            result.Add(new ExpectedResponse(words[0], minutes, sector, org));
        }
        return result;
    }

    public static string FormatExpectations(IReadOnlyList<ExpectedResponse>? expectations)
        => expectations is null ? "" : string.Join("\n", expectations.Select(e =>
            $"{e.Kind} {e.WithinMinutes}" + (e.Sector is { } s ? $" sector:{s}" : e.OrganizationCode is { } o ? $" {o}" : "")));
}
