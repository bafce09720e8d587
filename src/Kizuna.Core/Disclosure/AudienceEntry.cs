namespace Kizuna.Core.Disclosure;

/// <summary>One part of a distribution's audience: a kind from <see cref="AudienceKind"/> and a value.</summary>
public sealed class AudienceEntry
{
    public required string Kind { get; init; }
    public required string Value { get; init; }

    public static AudienceEntry Community() => new() { Kind = AudienceKind.Community, Value = "*" };
    public static AudienceEntry Organization(Guid id) => new() { Kind = AudienceKind.Organization, Value = id.ToString("D") };
    public static AudienceEntry Sector(string code) => new() { Kind = AudienceKind.Sector, Value = code };
    public static AudienceEntry OfKind(string kind) => new() { Kind = AudienceKind.OrganizationKind, Value = kind };
    public static AudienceEntry Tier(string tier) => new() { Kind = AudienceKind.TrustTier, Value = tier };
}
