using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Kizuna.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Kizuna.Benchmarks.DisclosureBenchmarks).Assembly).Run(args);
