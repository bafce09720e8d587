using Kizuna.Server.Cli;

// The one executable: `kizuna serve`, `seed`, `users add`, `tokens create`, `audit verify`, `help`.
return await KizunaCli.RunAsync(args, Console.In, Console.Out, Console.Error);

/// <summary>Marks the entry assembly for routing and tests.</summary>
public partial class Program;
