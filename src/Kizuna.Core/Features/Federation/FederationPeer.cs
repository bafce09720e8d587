using System.Text.Json;
using Kizuna.Stix;

namespace Kizuna.Core.Features.Federation;

/// <summary>What is on the other side of a federation peer.</summary>
public static class PeerKinds
{
    /// <summary>Another Kizuna server (its TAXII API root is <c>/taxii2/kizuna/</c>).</summary>
    public const string Kizuna = "kizuna";
    /// <summary>Any TAXII 2.1 server (an overseas ISAC, a CERT).</summary>
    public const string Taxii = "taxii";
    /// <summary>An OpenCTI platform's TAXII 2.1 feeds.</summary>
    public const string OpenCti = "opencti";

    public static readonly IReadOnlyList<string> All = [Kizuna, Taxii, OpenCti];
}

/// <summary>How Kizuna authenticates to a peer.</summary>
public static class PeerAuthSchemes
{
    public const string None = "none";
    /// <summary>HTTP Basic: <see cref="FederationPeer.AuthUser"/> and the secret as password.</summary>
    public const string Basic = "basic";
    /// <summary><c>Authorization: Bearer</c> with the secret.</summary>
    public const string Bearer = "bearer";

    public static readonly IReadOnlyList<string> All = [None, Basic, Bearer];
}

/// <summary>
/// A federation peer (連携先): another Kizuna, an overseas ISAC, an OpenCTI or any TAXII 2.1 server,
/// with the agreement that governs the exchange and the state of the exchange.
/// <para>Agreement: objects are pulled from <see cref="PullCollection"/> into the local collection
/// <c>peer-&lt;code&gt;</c>; objects added locally to <see cref="PushedCollections"/> with a TLP up to
/// <see cref="MaxPushTlp"/> (CLEAR, GREEN or AMBER; never AMBER+STRICT or RED) are posted to
/// <see cref="PushCollection"/>.</para>
/// <para>State: the pull watermark is the last <c>date_added</c> seen plus the objects seen at that
/// instant (so a peer that gives many objects one <c>date_added</c> and no <c>next</c> still
/// delivers each once); it only moves after the objects are committed. The push cursor is the
/// local sequence number of the last object offered to the peer. Failures back off exponentially.</para>
/// The secret (token or password) is stored protected (ASP.NET Data Protection) and never shown back.
/// </summary>
public sealed class FederationPeer
{
    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 200;
    public const int MaxUrlLength = 500;
    public const int MaxCollectionLength = 200;
    public const int MaxAuthUserLength = 200;
    public const int MaxErrorLength = 2000;
    public const int MaxPushedCollectionsLength = 2000;
    /// <summary>Most object keys kept with the watermark (objects seen at its instant).</summary>
    public const int MaxWatermarkKeys = 20_000;

    private FederationPeer() { }

    public FederationPeer(string code, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        Code = code;
        CreatedAt = now;
        UpdatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }
    /// <summary>Short lower-case code: the local collection is <c>peer-&lt;code&gt;</c>.</summary>
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    /// <summary>One of <see cref="PeerKinds"/>.</summary>
    public string Kind { get; private set; } = PeerKinds.Taxii;
    /// <summary>The peer's TAXII API root, absolute, ending in <c>/</c> (e.g. <c>https://peer.example/taxii2/kizuna/</c>).</summary>
    public string ApiRoot { get; private set; } = "";
    /// <summary>The peer's collection (id or alias) pulled from; null: nothing is pulled.</summary>
    public string? PullCollection { get; private set; }
    /// <summary>The peer's collection (id or alias) pushed to; null: nothing is pushed.</summary>
    public string? PushCollection { get; private set; }
    /// <summary>One of <see cref="PeerAuthSchemes"/>.</summary>
    public string AuthScheme { get; private set; } = PeerAuthSchemes.None;
    public string? AuthUser { get; private set; }
    /// <summary>The token or password, protected with ASP.NET Data Protection (<see cref="PeerSecretProtector"/>).</summary>
    public string? ProtectedSecret { get; private set; }
    /// <summary>The highest TLP pushed to this peer: CLEAR, GREEN or AMBER.</summary>
    public Tlp MaxPushTlp { get; private set; } = Tlp.Clear;
    /// <summary>Local collection aliases whose objects are pushed, comma-separated.</summary>
    public string PushedCollections { get; private set; } = "";
    public bool Enabled { get; private set; }
    /// <summary>Seconds between successful runs.</summary>
    public int PullIntervalSeconds { get; private set; } = 300;
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The last <c>date_added</c> pulled and committed; null before the first pull.</summary>
    public DateTimeOffset? WatermarkAddedAt { get; private set; }
    /// <summary>JSON list of the object keys (<c>id|version</c>) seen at <see cref="WatermarkAddedAt"/>.</summary>
    public string WatermarkKeys { get; private set; } = "[]";
    public long ObjectsPulled { get; private set; }
    public long ObjectsRefused { get; private set; }
    public long ObjectsPushed { get; private set; }
    public long PushRefused { get; private set; }
    /// <summary>Local sequence number of the last object offered to the peer.</summary>
    public long PushCursor { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }
    public DateTimeOffset? LastSuccessAt { get; private set; }
    public DateTimeOffset? LastErrorAt { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>The last objects refused (validation, TLP) with their reasons, as a readable note.</summary>
    public string? LastRefusal { get; private set; }
    public int ConsecutiveFailures { get; private set; }
    /// <summary>When the scheduler runs this peer next (after a success: the interval; after a failure: the backoff).</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    public IReadOnlyList<string> PushedCollectionList => PushedCollections.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Sets the agreement and connection (checked by <see cref="PeerInput"/> before).</summary>
    internal void Configure(PeerInput input, string? protectedSecret, bool keepSecret, DateTimeOffset now)
    {
        Name = input.Name!.Trim();
        Kind = input.Kind!;
        var root = input.ApiRoot!.Trim();
        ApiRoot = root.EndsWith('/') ? root : root + "/";
        PullCollection = string.IsNullOrWhiteSpace(input.PullCollection) ? null : input.PullCollection.Trim();
        PushCollection = string.IsNullOrWhiteSpace(input.PushCollection) ? null : input.PushCollection.Trim();
        AuthScheme = input.AuthScheme ?? PeerAuthSchemes.None;
        AuthUser = AuthScheme == PeerAuthSchemes.Basic ? input.AuthUser?.Trim() : null;
        if (AuthScheme == PeerAuthSchemes.None) ProtectedSecret = null;
        else if (!keepSecret) ProtectedSecret = protectedSecret;
        MaxPushTlp = input.ParsedMaxPushTlp;
        PushedCollections = string.Join(",", (input.PushedCollections ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct());
        Enabled = input.Enabled;
        var wasInterval = PullIntervalSeconds;
        PullIntervalSeconds = input.PullIntervalSeconds ?? 300;
        if (wasInterval != PullIntervalSeconds && ConsecutiveFailures == 0) NextAttemptAt = now;
        UpdatedAt = now;
    }

    // WatermarkKeys parsed, for the pull that reads and extends it page after page: parsed again only when
    // the stored text is another string than the one parsed (a row loaded, or changed by the methods below).
    private string? _parsedKeysText;
    private List<string> _parsedKeyList = [];
    private HashSet<string> _parsedKeySet = new(StringComparer.Ordinal);

    /// <summary>The keys seen at the watermark's instant.</summary>
    public IReadOnlySet<string> WatermarkKeySet()
    {
        ParseKeys();
        return _parsedKeySet;
    }

    private void ParseKeys()
    {
        if (ReferenceEquals(_parsedKeysText, WatermarkKeys)) return;
        _parsedKeyList = JsonSerializer.Deserialize<List<string>>(WatermarkKeys) ?? [];
        _parsedKeySet = new HashSet<string>(_parsedKeyList, StringComparer.Ordinal);
        _parsedKeysText = WatermarkKeys;
    }

    private void StoreKeys()
    {
        WatermarkKeys = JsonSerializer.Serialize(_parsedKeyList);
        _parsedKeysText = WatermarkKeys;
    }

    /// <summary>Moves the watermark after a page's objects are committed.</summary>
    internal void AdvanceWatermark(DateTimeOffset addedAt, IEnumerable<string> keysAtInstant)
    {
        WatermarkAddedAt = addedAt;
        _parsedKeyList = keysAtInstant.Distinct(StringComparer.Ordinal).Take(MaxWatermarkKeys).ToList();
        _parsedKeySet = new HashSet<string>(_parsedKeyList, StringComparer.Ordinal);
        StoreKeys();
    }

    /// <summary>Adds keys seen at the watermark's instant (a page that did not move it, or a peer that sends no date_added), up to <see cref="MaxWatermarkKeys"/>.</summary>
    internal void AddSeenKeys(IEnumerable<string> keys)
    {
        ParseKeys();
        foreach (var key in keys)
        {
            if (_parsedKeyList.Count >= MaxWatermarkKeys) break;
            if (_parsedKeySet.Add(key)) _parsedKeyList.Add(key);
        }
        StoreKeys();
    }

    internal void CountPulled(int added, int refused, string? refusal)
    {
        ObjectsPulled += added;
        ObjectsRefused += refused;
        if (refusal is not null) LastRefusal = Cut(refusal);
    }

    internal void AdvancePush(long cursor, int pushed, int refused, string? refusal)
    {
        if (cursor > PushCursor) PushCursor = cursor;
        ObjectsPushed += pushed;
        PushRefused += refused;
        if (refusal is not null) LastRefusal = Cut(refusal);
    }

    /// <summary>A run went through; the next one after the interval, or at once when the peer has more waiting.</summary>
    internal void Succeeded(DateTimeOffset now, bool soonAgain)
    {
        LastAttemptAt = now;
        LastSuccessAt = now;
        ConsecutiveFailures = 0;
        NextAttemptAt = soonAgain ? now : now + TimeSpan.FromSeconds(PullIntervalSeconds);
    }

    internal void Failed(DateTimeOffset now, string error, TimeSpan backoff)
    {
        LastAttemptAt = now;
        LastErrorAt = now;
        LastError = Cut(error);
        ConsecutiveFailures++;
        NextAttemptAt = now + backoff;
    }

    /// <summary>How far the pull is behind: the time since the last success (null before one).</summary>
    public TimeSpan? Lag(DateTimeOffset now) => LastSuccessAt is { } s ? now - s : null;

    private static string Cut(string s) => s.Length > MaxErrorLength ? s[..MaxErrorLength] : s;
}
