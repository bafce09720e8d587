using BenchmarkDotNet.Running;
using Kizuna.Benchmarks;

// dotnet run -c Release --project bench/Kizuna.Benchmarks -- --filter '*'          (BenchmarkDotNet micro-benchmarks)
// dotnet run -c Release --project bench/Kizuna.Benchmarks -- report-list [--reports N] [--database CS]
// dotnet run -c Release --project bench/Kizuna.Benchmarks -- advisory-fanout [--orgs N] [--users N] [--database CS] [--parallelism P] [--batch B]
// dotnet run -c Release --project bench/Kizuna.Benchmarks -- taxii [--db sqlite|postgres] [--objects 1000000] [--requests 50] [--keep DIR] [--database CS] [--skip-raw]
// dotnet run -c Release --project bench/Kizuna.Benchmarks -- hotline-live [--sse 5000] [--signalr 1000] [--orgs 500] [--alerts 20] [--interval-ms 2000] [--ack-alerts 4] [--ack-concurrency 32] [--database CS]
// dotnet run -c Release --project bench/Kizuna.Benchmarks -- correlation [--reports 100000] [--per-report 10] [--database CS]
// dotnet run -c Release --project bench/Kizuna.Benchmarks -- drill [--orgs 1000] [--runs 30] [--ack-rate 0.9] [--database CS]
if (args.FirstOrDefault() == "drill")
{
    await DrillBenchmark.RunAsync(args);
    return;
}
// dotnet run -c Release --project bench/Kizuna.Benchmarks -- exercise [--orgs 300] [--injects 50] [--speed 60] [--database CS]
if (args.FirstOrDefault() == "exercise")
{
    await ExerciseBenchmark.RunAsync(args);
    return;
}
if (args.FirstOrDefault() == "correlation")
{
    await CorrelationBenchmark.RunAsync(args);
    return;
}
if (args.FirstOrDefault() == "report-list")
{
    await ReportListBenchmark.RunAsync(args);
    return;
}
if (args.FirstOrDefault() == "advisory-fanout")
{
    await AdvisoryFanoutBenchmark.RunAsync(args);
    return;
}
if (args.FirstOrDefault() == "hotline-live")
{
    await HotlineLiveBenchmark.RunAsync(args);
    return;
}
if (args.FirstOrDefault() == "taxii")
{
    await TaxiiBenchmark.RunAsync(args);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(DisclosureBenchmarks).Assembly).Run(args);
