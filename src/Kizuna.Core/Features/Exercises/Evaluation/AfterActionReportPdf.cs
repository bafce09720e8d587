using System.Globalization;
using Kizuna.Core.Features.Analytics.Trends.Exports;

namespace Kizuna.Core.Features.Exercises.Evaluation;

/// <summary>
/// The after-action report as a PDF, drawn with the analytics <see cref="PdfWriter"/> (Japanese text in
/// the reader's standard Japanese font, nothing embedded). Holds exactly what the
/// <see cref="AfterActionReport"/> built for the viewer holds.
/// </summary>
public static class AfterActionReportPdf
{
    public static string FileName(AfterActionReport r) => $"kizuna-exercise-{r.Summary.ExerciseId:N}-report.pdf";

    public static byte[] Render(AfterActionReport r, bool en)
    {
        string T(string ja, string english) => en ? english : ja;
        static string Japan(DateTimeOffset? at) => at is { } t ? t.ToOffset(Kizuna.Core.Jst.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " JST" : "—";
        static string Min(double? m) => m is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "—";
        static string Rate(ExpectationScore s) => s.Rate is { } x ? (x * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";
        static string Times(TimeStats t) => t.Count == 0 ? "—" : $"{Min(t.Min)} / {Min(t.Median)} / {Min(t.Max)}";

        var pdf = new PdfWriter();
        const double margin = 48;
        var width = PdfWriter.PageWidth - 2 * margin;
        double y = 0;
        void NewPage() { pdf.AddPage(); y = margin; }
        void Need(double height) { if (y + height > PdfWriter.PageHeight - margin) NewPage(); }
        void Line(string text, double size = 9, string color = "#000000")
        {
            Need(size + 5);
            pdf.Text(margin, y + size, size, text.Length > 110 ? text[..109] + "…" : text, color: color);
            y += size + 5;
        }
        void Heading(string text) { y += 8; Need(40); pdf.Text(margin, y + 12, 12, text); y += 20; }
        void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<double> columns)
        {
            void Row(IReadOnlyList<string> cells, bool bold)
            {
                Need(14);
                if (bold) pdf.Rect(margin, y, width, 13, "#eeeeee");
                var x = margin + 2;
                for (var i = 0; i < cells.Count; i++)
                {
                    var cell = cells[i];
                    var max = (int)(columns[i] / 7);
                    pdf.Text(x, y + 10, 8, cell.Length > max ? cell[..Math.Max(1, max - 1)] + "…" : cell);
                    x += columns[i];
                }
                pdf.Line(margin, y + 13, margin + width, y + 13, "#cccccc", 0.3);
                y += 13;
            }
            Row(header, true);
            foreach (var row in rows) Row(row, false);
        }

        var s = r.Summary;
        NewPage();
        pdf.Text(margin, y + 16, 16, T("演習 評価・事後報告", "Exercise after-action report"));
        y += 26;
        Line(s.Title, 13);
        if (s.Description is { } d) Line(d, 9, "#444444");
        Line(T($"状態: {s.Status}　速度: {s.Speed}倍　開始: {Japan(s.StartedAt)}　終了: {Japan(s.EndedAt)}", $"Status: {s.Status}  Speed: {s.Speed}x  Started: {Japan(s.StartedAt)}  Ended: {Japan(s.EndedAt)}"));
        Line(T($"インジェクト {s.Injects} 件　期待対応 達成 {s.Score.Met} / 未達 {s.Score.Missed} / 未決 {s.Score.Pending}（達成率 {Rate(s.Score)}）",
            $"Injects: {s.Injects}  Expectations met {s.Score.Met} / missed {s.Score.Missed} / pending {s.Score.Pending} (rate {Rate(s.Score)})"));
        if (!s.Final) Line(T("演習は終了していません。中間の報告です。", "The exercise has not ended: this is an interim report."), 9, "#aa0000");
        Line(T("時間はシナリオ上の分（実時間 × 速度）、最小 / 中央値 / 最大。", "Times are scenario minutes (wall clock × speed): min / median / max."), 8, "#444444");

        var p = r.Participation;
        Heading(T("参加状況", "Participation"));
        Line(T($"参加組織 {p.Organizations}　参加人数 {p.People}　途中離脱 {p.Removed}", $"Organisations {p.Organizations}  People {p.People}  Removed {p.Removed}"));
        Table([T("役割", "Role"), T("組織", "Organisations"), T("人数", "People")],
            p.ByRole.Select(x => (IReadOnlyList<string>)[en ? x.NameEn : x.NameJa, x.Organizations.ToString(CultureInfo.InvariantCulture), x.People.ToString(CultureInfo.InvariantCulture)]),
            [200, 100, 100]);
        y += 6;
        Table([T("分野", "Sector"), T("組織", "Organisations"), T("人数", "People")],
            p.BySector.Select(x => (IReadOnlyList<string>)[en ? x.NameEn : x.NameJa, x.Organizations.ToString(CultureInfo.InvariantCulture), x.People.ToString(CultureInfo.InvariantCulture)]),
            [200, 100, 100]);

        var e = r.Evaluation;
        string[] timesHeader = [T("受領確認", "Acknowledge"), T("報告", "Report"), T("中継", "Relay"), T("状況回答", "Answer"), T("達成率", "Met")];
        double[] timesColumns = [70, 70, 70, 70, 50];
        if (e.Sectors.Count > 0)
        {
            Heading(T("分野別の評価", "Evaluation per sector"));
            Table([T("分野", "Sector"), .. timesHeader], e.Sectors.Select(x => (IReadOnlyList<string>)
                [en ? x.NameEn : x.NameJa, Times(x.Times.Acknowledge), Times(x.Times.Report), Times(x.Times.Relay), Times(x.Times.Answer), Rate(x.Score)]),
                [width - timesColumns.Sum(), .. timesColumns]);
        }
        Heading(T("参加組織別の評価", "Evaluation per participant"));
        Table([T("組織", "Organisation"), .. timesHeader], e.Participants.Select(x => (IReadOnlyList<string>)
            [(en ? x.NameEn : x.NameJa) + (x.Removed ? T("（離脱）", " (removed)") : ""), Times(x.Times.Acknowledge), Times(x.Times.Report), Times(x.Times.Relay), Times(x.Times.Answer), Rate(x.Score)]),
            [width - timesColumns.Sum(), .. timesColumns]);

        Heading(T("期待対応の達成状況", "Expectations met and missed"));
        foreach (var i in e.Injects)
        {
            Line($"#{i.Number} {i.Title} ({i.Kind}, {i.Status}, {Japan(i.SentAt)})", 9);
            foreach (var x in i.Expectations)
            {
                Line(T($"　{x.Kind}（{x.WithinMinutes}分以内）: 達成 {x.Met} / 未達 {x.Missed} / 未決 {x.Pending} / 離脱 {x.Removed}",
                    $"  {x.Kind} within {x.WithinMinutes} min: met {x.Met} / missed {x.Missed} / pending {x.Pending} / removed {x.Removed}"), 8.5, "#333333");
                var missed = x.Outcomes.Where(o => o.Outcome != ExpectationOutcomes.Met).Select(o => $"{o.Code} ({o.Outcome})").ToList();
                if (missed.Count > 0) Line(T("　　未達・未決: ", "    Not met: ") + string.Join(", ", missed), 8, "#aa0000");
            }
        }

        Heading(T("経過", "Timeline"));
        Table([T("時刻", "Time"), T("シナリオ分", "Scenario min"), T("出来事", "Event")],
            r.Timeline.Select(t => (IReadOnlyList<string>)[Japan(t.At), Min(t.ScenarioMinutes), t.Text]), [120, 70, width - 190]);
        return pdf.ToBytes(T($"演習 評価・事後報告 — {s.Title}", $"Exercise after-action report — {s.Title}"));
    }
}
