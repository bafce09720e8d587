using BenchmarkDotNet.Running;
using Kizuna.Benchmarks;

// dotnet run -c Release --project bench/Kizuna.Benchmarks -- --filter '*'          (BenchmarkDotNet micro-benchmarks)
// dotnet run -c Release --project bench/Kizuna.Benchmarks -- report-list [--reports N] [--database CS]
// dotnet run -c Release --project bench/Kizuna.Benchmarks -- advisory-fanout [--orgs N] [--users N] [--database CS] [--parallelism P] [--batch B]
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
BenchmarkSwitcher.FromAssembly(typeof(DisclosureBenchmarks).Assembly).Run(args);
