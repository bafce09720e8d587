using System.Globalization;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Exercises.Evaluation;
using Kizuna.Server.Components;
using Microsoft.AspNetCore.Http;

namespace Kizuna.Server.Features.Exercises.Evaluation.Pages;

/// <summary>The words of the evaluation pages, in both languages.</summary>
public static class EvaluationText
{
    public static string Outcome(string outcome) => outcome switch
    {
        ExpectationOutcomes.Met => L.T("達成", "met"),
        ExpectationOutcomes.Missed => L.T("未達", "missed"),
        ExpectationOutcomes.Pending => L.T("対応待ち", "pending"),
        ExpectationOutcomes.Removed => L.T("離脱", "removed"),
        _ => outcome,
    };

    public static string Expectation(string kind) => kind switch
    {
        ExpectedResponseKinds.Acknowledge => L.T("受領確認", "acknowledge"),
        ExpectedResponseKinds.Relay => L.T("中継", "relay"),
        ExpectedResponseKinds.Report => L.T("情報連絡", "report"),
        ExpectedResponseKinds.AnswerStatus => L.T("状況回答", "answer status"),
        _ => kind,
    };

    public static string Role(string role)
    {
        var (ja, en) = AfterActionReportHandler.RoleName(role);
        return L.T(ja, en);
    }

    public static string Minutes(double? minutes) => minutes is { } m ? m.ToString("0.#", CultureInfo.InvariantCulture) : "—";

    public static string Times(TimeStats t) => t.Count == 0 ? "—" : $"{Minutes(t.Min)} / {Minutes(t.Median)} / {Minutes(t.Max)}";

    public static string Rate(ExpectationScore s) => s.Rate is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>Answers 403 with the page's own message (set as the headers go out, as <see cref="PageStatus.NotFound"/> does).</summary>
    public static void Forbidden(HttpContext http)
        => http.Response.OnStarting(() =>
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });
}
