using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kizuna.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Provision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Advisories",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    Tlp = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OwnerOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentJson = table.Column<string>(type: "TEXT", nullable: false),
                    AuthorUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WithdrawalReason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Advisories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AdvisoryAudience",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DistributionAdvisoryId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdvisoryAudience", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AdvisoryAudience_Advisories_DistributionAdvisoryId",
                        column: x => x.DistributionAdvisoryId,
                        principalTable: "Advisories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AdvisoryDeliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AdvisoryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ParentOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Hop = table.Column<int>(type: "INTEGER", nullable: false),
                    SectorCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Relays = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceivedRevision = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcknowledgedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RelayedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RelayedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RelayNote = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdvisoryDeliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AdvisoryDeliveries_Advisories_AdvisoryId",
                        column: x => x.AdvisoryId,
                        principalTable: "Advisories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AdvisoryDeliveries_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AdvisoryFeedback",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AdvisoryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SectorCodes = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdvisoryFeedback", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AdvisoryFeedback_Advisories_AdvisoryId",
                        column: x => x.AdvisoryId,
                        principalTable: "Advisories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AdvisoryReads",
                columns: table => new
                {
                    AdvisoryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdvisoryReads", x => new { x.AdvisoryId, x.UserId });
                    table.ForeignKey(
                        name: "FK_AdvisoryReads_Advisories_AdvisoryId",
                        column: x => x.AdvisoryId,
                        principalTable: "Advisories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AdvisoryRevisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AdvisoryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ContentJson = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdvisoryRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AdvisoryRevisions_Advisories_AdvisoryId",
                        column: x => x.AdvisoryId,
                        principalTable: "Advisories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Advisories_Number",
                table: "Advisories",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Advisories_OwnerOrganizationId",
                table: "Advisories",
                column: "OwnerOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_Advisories_PublishedAt",
                table: "Advisories",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Advisories_UpdatedAt",
                table: "Advisories",
                column: "UpdatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AdvisoryAudience_DistributionAdvisoryId_Kind_Value",
                table: "AdvisoryAudience",
                columns: new[] { "DistributionAdvisoryId", "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_AdvisoryAudience_Kind_Value",
                table: "AdvisoryAudience",
                columns: new[] { "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_AdvisoryDeliveries_AdvisoryId_OrganizationId",
                table: "AdvisoryDeliveries",
                columns: new[] { "AdvisoryId", "OrganizationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AdvisoryDeliveries_AdvisoryId_ParentOrganizationId",
                table: "AdvisoryDeliveries",
                columns: new[] { "AdvisoryId", "ParentOrganizationId" });

            migrationBuilder.CreateIndex(
                name: "IX_AdvisoryDeliveries_OrganizationId_ReceivedAt",
                table: "AdvisoryDeliveries",
                columns: new[] { "OrganizationId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AdvisoryFeedback_AdvisoryId_At",
                table: "AdvisoryFeedback",
                columns: new[] { "AdvisoryId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AdvisoryReads_UserId",
                table: "AdvisoryReads",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AdvisoryRevisions_AdvisoryId_Number",
                table: "AdvisoryRevisions",
                columns: new[] { "AdvisoryId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdvisoryAudience");

            migrationBuilder.DropTable(
                name: "AdvisoryDeliveries");

            migrationBuilder.DropTable(
                name: "AdvisoryFeedback");

            migrationBuilder.DropTable(
                name: "AdvisoryReads");

            migrationBuilder.DropTable(
                name: "AdvisoryRevisions");

            migrationBuilder.DropTable(
                name: "Advisories");
        }
    }
}
