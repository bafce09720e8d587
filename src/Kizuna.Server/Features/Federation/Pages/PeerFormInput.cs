using Kizuna.Core.Features.Federation;

namespace Kizuna.Server.Features.Federation.Pages;

/// <summary>The peer form of the federation pages (add on /federation, edit on /federation/{code}).</summary>
public sealed class PeerFormInput
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Kind { get; set; } = PeerKinds.Kizuna;
    public string? ApiRoot { get; set; }
    public string? PullCollection { get; set; }
    public string? PushCollection { get; set; }
    public string? AuthScheme { get; set; } = PeerAuthSchemes.Basic;
    public string? AuthUser { get; set; }
    public string? Secret { get; set; }
    public string? MaxPushTlp { get; set; } = "CLEAR";
    /// <summary>Local collection aliases, separated by commas, spaces or lines.</summary>
    public string? PushedCollections { get; set; }
    public bool Enabled { get; set; } = true;
    public int? PullIntervalSeconds { get; set; } = 300;

    public PeerInput ToInput() => new(Name, Kind, ApiRoot, PullCollection, PushCollection, AuthScheme, AuthUser, Secret, MaxPushTlp,
        (PushedCollections ?? "").Split([',', ' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Enabled, PullIntervalSeconds)
    {
        Code = Code,
    };

    public static PeerFormInput From(PeerView p) => new()
    {
        Code = p.Code, Name = p.Name, Kind = p.Kind, ApiRoot = p.ApiRoot, PullCollection = p.PullCollection, PushCollection = p.PushCollection,
        AuthScheme = p.AuthScheme, AuthUser = p.AuthUser, MaxPushTlp = p.MaxPushTlp, PushedCollections = string.Join(", ", p.PushedCollections),
        Enabled = p.Enabled, PullIntervalSeconds = p.PullIntervalSeconds,
    };
}
