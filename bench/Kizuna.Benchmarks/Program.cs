using BenchmarkDotNet.Running;
using Kizuna.Benchmarks;

// dotnet run -c Release --project bench/Kizuna.Benchmarks -- --filter '*'          (BenchmarkDotNet micro-benchmarks)
// dotnet run -c Release --project bench/Kizuna.Benchmarks -- report-list [--reports N] [--database CS]
if (args.FirstOrDefault() == "report-list")
{
    await ReportListBenchmark.RunAsync(args);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(DisclosureBenchmarks).Assembly).Run(args);
