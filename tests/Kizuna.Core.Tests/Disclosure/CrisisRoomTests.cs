using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Crisis;
using Kizuna.Core.Features.Directory;

namespace Kizuna.Core.Tests.Disclosure;

/// <summary>The crisis-room rule (<see cref="DisclosurePolicy.CrisisRoom"/>), case by case.</summary>
public sealed class CrisisRoomTests
{
    private static readonly Guid Fsa = Guid.CreateVersion7();
    private static readonly Guid Meti = Guid.CreateVersion7();
    private static readonly Guid[] FinanceMinistries = [Fsa];

    private static Viewer Of(string kind, Guid? org = null, bool admin = false)
        => new(Guid.CreateVersion7(), "u@example", org ?? Guid.CreateVersion7(), "X", kind, [], null, ["analyst"], admin);

    [Theory]
    [InlineData(OrganizationKinds.IncidentAgency, CrisisCauses.Cyber, CrisisRoomAccess.Board)]
    [InlineData(OrganizationKinds.IncidentAgency, CrisisCauses.Disaster, CrisisRoomAccess.None)]
    [InlineData(OrganizationKinds.IncidentAgency, CrisisCauses.Unknown, CrisisRoomAccess.None)]
    [InlineData(OrganizationKinds.DisasterMinistry, CrisisCauses.Disaster, CrisisRoomAccess.Board)]
    [InlineData(OrganizationKinds.DisasterMinistry, CrisisCauses.Cyber, CrisisRoomAccess.None)]
    [InlineData(OrganizationKinds.Coordinator, CrisisCauses.Unknown, CrisisRoomAccess.Board)]
    [InlineData(OrganizationKinds.CyberMinistry, CrisisCauses.Cyber, CrisisRoomAccess.None)]
    [InlineData(OrganizationKinds.Ceptoar, CrisisCauses.Cyber, CrisisRoomAccess.None)]
    public void CrisisRoom_ByKindAndCause_JoinsOnlyThePartiesTheCauseAdds(string kind, string cause, CrisisRoomAccess expected)
        => Assert.Equal(expected, DisclosurePolicy.CrisisRoom(Of(kind), cause, FinanceMinistries, statusRequested: false));

    [Fact]
    public void CrisisRoom_Ministry_SeesTheBoardOnlyForItsSectors()
    {
        Assert.Equal(CrisisRoomAccess.Board, DisclosurePolicy.CrisisRoom(Of(OrganizationKinds.Ministry, Fsa), CrisisCauses.Unknown, FinanceMinistries, false));
        Assert.Equal(CrisisRoomAccess.None, DisclosurePolicy.CrisisRoom(Of(OrganizationKinds.Ministry, Meti), CrisisCauses.Unknown, FinanceMinistries, false));
    }

    [Fact]
    public void CrisisRoom_Operator_SeesItsOwnAnswersOnlyWhenAsked()
    {
        Assert.Equal(CrisisRoomAccess.OwnAnswers, DisclosurePolicy.CrisisRoom(Of(OrganizationKinds.Operator), CrisisCauses.Cyber, FinanceMinistries, statusRequested: true));
        Assert.Equal(CrisisRoomAccess.None, DisclosurePolicy.CrisisRoom(Of(OrganizationKinds.Operator), CrisisCauses.Cyber, FinanceMinistries, statusRequested: false));
    }

    [Fact]
    public void CrisisRoom_PlatformAdminOfAnOperator_GetsNoExtraSight()
        => Assert.Equal(CrisisRoomAccess.None, DisclosurePolicy.CrisisRoom(Of(OrganizationKinds.Operator, admin: true), CrisisCauses.Cyber, FinanceMinistries, false));

    [Fact]
    public void CrisisRoom_SystemViewer_SeesTheBoard()
        => Assert.Equal(CrisisRoomAccess.Board, DisclosurePolicy.CrisisRoom(Viewer.System, CrisisCauses.Unknown, [], false));

    [Fact]
    public void Median_OddEvenAndEmpty()
    {
        Assert.Equal(2, CrisisQueries.Median([3, null, 1, 2]));
        Assert.Equal(2.5, CrisisQueries.Median([1, 4, 2, 3]));
        Assert.Null(CrisisQueries.Median([null]));
    }
}
