using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kizuna.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Hotline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HotlineAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Class = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Severity = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Tlp = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OwnerOrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    SenderUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HotlineAlerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AlertAcknowledgements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AlertId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    SectorCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    AcknowledgedVia = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    EscalationLevel = table.Column<int>(type: "integer", nullable: false),
                    Level1At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Level2At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Level3At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertAcknowledgements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertAcknowledgements_HotlineAlerts_AlertId",
                        column: x => x.AlertId,
                        principalTable: "HotlineAlerts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AlertAcknowledgements_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HotlineAlertAudience",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DistributionHotlineAlertId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HotlineAlertAudience", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HotlineAlertAudience_HotlineAlerts_DistributionHotlineAlert~",
                        column: x => x.DistributionHotlineAlertId,
                        principalTable: "HotlineAlerts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AlertAcknowledgements_AcknowledgedAt_EscalationLevel",
                table: "AlertAcknowledgements",
                columns: new[] { "AcknowledgedAt", "EscalationLevel" });

            migrationBuilder.CreateIndex(
                name: "IX_AlertAcknowledgements_AlertId_OrganizationId",
                table: "AlertAcknowledgements",
                columns: new[] { "AlertId", "OrganizationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AlertAcknowledgements_OrganizationId_AlertId",
                table: "AlertAcknowledgements",
                columns: new[] { "OrganizationId", "AlertId" });

            migrationBuilder.CreateIndex(
                name: "IX_HotlineAlertAudience_DistributionHotlineAlertId_Kind_Value",
                table: "HotlineAlertAudience",
                columns: new[] { "DistributionHotlineAlertId", "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_HotlineAlertAudience_Kind_Value",
                table: "HotlineAlertAudience",
                columns: new[] { "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_HotlineAlerts_CreatedAt",
                table: "HotlineAlerts",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_HotlineAlerts_OwnerOrganizationId",
                table: "HotlineAlerts",
                column: "OwnerOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_HotlineAlerts_Sequence",
                table: "HotlineAlerts",
                column: "Sequence",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AlertAcknowledgements");

            migrationBuilder.DropTable(
                name: "HotlineAlertAudience");

            migrationBuilder.DropTable(
                name: "HotlineAlerts");
        }
    }
}
