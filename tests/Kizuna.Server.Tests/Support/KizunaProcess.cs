using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kizuna.Server.Tests.Support;

/// <summary>The real <c>kizuna</c> binary as a child process, for tests that kill and restart it.</summary>
public static class KizunaProcess
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Starts <c>dotnet kizuna.dll …</c> and waits for /ready to answer 200; returns the process and the time it took.</summary>
    public static async Task<(Process Process, TimeSpan Elapsed)> StartAsync(string[] args, Uri baseAddress)
    {
        var log = new StringBuilder();
        var process = Launch(args, log);
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                Assert.Fail($"kizuna exited with {process.ExitCode} before it was ready:\n{log}");
            try
            {
                if ((await probe.GetAsync("/ready")).StatusCode == HttpStatusCode.OK) return (process, clock.Elapsed);
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(25);
        }
        process.Kill(entireProcessTree: true);
        Assert.Fail($"kizuna was not ready within {StartTimeout.TotalSeconds} s:\n{log}");
        throw new UnreachableException();
    }

    public static async Task<string> RunToCompletionAsync(string[] args)
    {
        var log = new StringBuilder();
        using var process = Launch(args, log, captureStdout: false);
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"kizuna {string.Join(' ', args.Take(2))} exited with {process.ExitCode}:\n{log}");
        return stdout.Trim();
    }

    private static Process Launch(string[] args, StringBuilder log, bool captureStdout = true)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(KizunaDll());
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        if (captureStdout)
        {
            process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            process.BeginOutputReadLine();
        }
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>kizuna.dll next to the tests (copied with its runtimeconfig), else the server's own build output.</summary>
    private static string KizunaDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "kizuna.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "kizuna.runtimeconfig.json"))) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var built = Path.Combine(dir.FullName, "src", "Kizuna.Server", "bin", "Debug", "net10.0", "kizuna.dll");
            if (File.Exists(built)) return built;
        }
        throw new FileNotFoundException("kizuna.dll not found next to the tests or under src/Kizuna.Server/bin/Debug/net10.0.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
