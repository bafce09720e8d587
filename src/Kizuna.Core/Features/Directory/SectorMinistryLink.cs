namespace Kizuna.Core.Features.Directory;

/// <summary>
/// The ministry responsible for a sector (所管省庁) over a period. Links carry dates because
/// responsibility moves (水道: 厚生労働省 until 2024-03-31, 国土交通省 from 2024-04-01).
/// </summary>
public sealed class SectorMinistryLink
{
    private SectorMinistryLink() { }

    public SectorMinistryLink(Guid sectorId, Guid ministryOrganizationId, DateOnly? validFrom, DateOnly? validTo)
    {
        if (validFrom is not null && validTo is not null && validTo < validFrom)
            throw new Errors.InputException("validTo", "The link ends before it starts.");
        Id = Guid.CreateVersion7();
        SectorId = sectorId;
        MinistryOrganizationId = ministryOrganizationId;
        ValidFrom = validFrom;
        ValidTo = validTo;
    }

    public Guid Id { get; private set; }
    public Guid SectorId { get; private set; }
    public Sector? Sector { get; private set; }
    public Guid MinistryOrganizationId { get; private set; }
    public Organization? Ministry { get; private set; }
    public DateOnly? ValidFrom { get; private set; }
    public DateOnly? ValidTo { get; private set; }

    public bool IsValidOn(DateOnly day) => Covers(ValidFrom, ValidTo, day);

    /// <summary>The one rule for dated links: open ends are unbounded, both ends inclusive.</summary>
    public static bool Covers(DateOnly? from, DateOnly? to, DateOnly day) => (from is null || from <= day) && (to is null || day <= to);
}
