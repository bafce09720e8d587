using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kizuna.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Liaison : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_NoticeAudience_DistributionNoticeId",
                table: "NoticeAudience");

            migrationBuilder.CreateTable(
                name: "LegalBases",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NameJa = table.Column<string>(type: "TEXT", nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", nullable: false),
                    SectorCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    FirstReportDueHours = table.Column<int>(type: "INTEGER", nullable: false),
                    FinalReportDueDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Plan = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LegalBases", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "ReIdentificationRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ApprovedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ApprovedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReIdentificationRequests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Pseudonym = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ReporterOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Tlp = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OwnerOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Route = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RouteCeptoarCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    FirstHopOrganizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    IdentityDisclosure = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LegalBasisCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DraftJson = table.Column<string>(type: "TEXT", nullable: true),
                    SectorCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", nullable: false),
                    EventTypes = table.Column<string>(type: "TEXT", nullable: false),
                    CauseTypes = table.Column<string>(type: "TEXT", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DetectedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FirstSubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastSubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SubmissionCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FinalSubmitted = table.Column<bool>(type: "INTEGER", nullable: false),
                    SanitizedJson = table.Column<string>(type: "TEXT", nullable: true),
                    SharingRefusedReason = table.Column<string>(type: "TEXT", nullable: true),
                    NextDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NextDueKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    RelatedReportIds = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportAttachments_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportAudience",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DistributionIncidentReportId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportAudience", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportAudience_Reports_DistributionIncidentReportId",
                        column: x => x.DistributionIncidentReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReporterIdentities",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Nonce = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Ciphertext = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Tag = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReporterIdentities", x => x.ReportId);
                    table.ForeignKey(
                        name: "FK_ReporterIdentities_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActorUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActorOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ToStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportEvents_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromReporter = table.Column<bool>(type: "INTEGER", nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportMessages_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportSubmissions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ContentJson = table.Column<string>(type: "TEXT", nullable: false),
                    SanitizedJson = table.Column<string>(type: "TEXT", nullable: true),
                    SubmittedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportSubmissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportSubmissions_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportAttachmentContents",
                columns: table => new
                {
                    AttachmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportAttachmentContents", x => x.AttachmentId);
                    table.ForeignKey(
                        name: "FK_ReportAttachmentContents_ReportAttachments_AttachmentId",
                        column: x => x.AttachmentId,
                        principalTable: "ReportAttachments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NoticeAudience_DistributionNoticeId_Kind_Value",
                table: "NoticeAudience",
                columns: new[] { "DistributionNoticeId", "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_ReIdentificationRequests_ReportId",
                table: "ReIdentificationRequests",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportAttachments_ReportId",
                table: "ReportAttachments",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportAudience_DistributionIncidentReportId_Kind_Value",
                table: "ReportAudience",
                columns: new[] { "DistributionIncidentReportId", "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportAudience_Kind_Value",
                table: "ReportAudience",
                columns: new[] { "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportEvents_ReportId_At",
                table: "ReportEvents",
                columns: new[] { "ReportId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportMessages_ReportId_At",
                table: "ReportMessages",
                columns: new[] { "ReportId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_LastSubmittedAt",
                table: "Reports",
                column: "LastSubmittedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_NextDueAt",
                table: "Reports",
                column: "NextDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_OwnerOrganizationId",
                table: "Reports",
                column: "OwnerOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Pseudonym",
                table: "Reports",
                column: "Pseudonym",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reports_ReporterOrganizationId",
                table: "Reports",
                column: "ReporterOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_SectorCode",
                table: "Reports",
                column: "SectorCode");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Status_LastSubmittedAt",
                table: "Reports",
                columns: new[] { "Status", "LastSubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_UpdatedAt",
                table: "Reports",
                column: "UpdatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ReportSubmissions_ReportId_Number",
                table: "ReportSubmissions",
                columns: new[] { "ReportId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LegalBases");

            migrationBuilder.DropTable(
                name: "ReIdentificationRequests");

            migrationBuilder.DropTable(
                name: "ReportAttachmentContents");

            migrationBuilder.DropTable(
                name: "ReportAudience");

            migrationBuilder.DropTable(
                name: "ReporterIdentities");

            migrationBuilder.DropTable(
                name: "ReportEvents");

            migrationBuilder.DropTable(
                name: "ReportMessages");

            migrationBuilder.DropTable(
                name: "ReportSubmissions");

            migrationBuilder.DropTable(
                name: "ReportAttachments");

            migrationBuilder.DropTable(
                name: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_NoticeAudience_DistributionNoticeId_Kind_Value",
                table: "NoticeAudience");

            migrationBuilder.CreateIndex(
                name: "IX_NoticeAudience_DistributionNoticeId",
                table: "NoticeAudience",
                column: "DistributionNoticeId");
        }
    }
}
