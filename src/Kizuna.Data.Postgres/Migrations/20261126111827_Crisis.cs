using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kizuna.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Crisis : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CrisisDeclarations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Sectors = table.Column<List<string>>(type: "text[]", nullable: false),
                    Regions = table.Column<List<string>>(type: "text[]", nullable: false),
                    Cause = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DeclaredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeclaredByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    DeclaredByOrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    StoodDownAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StoodDownByUserId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrisisDeclarations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CrisisDeclarations_Organizations_DeclaredByOrganizationId",
                        column: x => x.DeclaredByOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CrisisRecipients",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CrisisId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    SectorCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FirstAnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastAnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Reminders = table.Column<int>(type: "integer", nullable: false),
                    LastRemindedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrisisRecipients", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CrisisRecipients_CrisisDeclarations_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "CrisisDeclarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CrisisRecipients_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CrisisReminders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CrisisId = table.Column<Guid>(type: "uuid", nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    Sent = table.Column<int>(type: "integer", nullable: false),
                    SentByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrisisReminders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CrisisReminders_CrisisDeclarations_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "CrisisDeclarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CrisisStatusAnswers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CrisisId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    SectorCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ServiceCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ExpectedRecovery = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Needs = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AnsweredByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrisisStatusAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CrisisStatusAnswers_CrisisDeclarations_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "CrisisDeclarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CrisisStatusAnswers_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CrisisDeclarations_DeclaredAt",
                table: "CrisisDeclarations",
                column: "DeclaredAt");

            migrationBuilder.CreateIndex(
                name: "IX_CrisisDeclarations_DeclaredByOrganizationId",
                table: "CrisisDeclarations",
                column: "DeclaredByOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_CrisisRecipients_CrisisId_OrganizationId",
                table: "CrisisRecipients",
                columns: new[] { "CrisisId", "OrganizationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CrisisRecipients_OrganizationId_CrisisId",
                table: "CrisisRecipients",
                columns: new[] { "OrganizationId", "CrisisId" });

            migrationBuilder.CreateIndex(
                name: "IX_CrisisReminders_CrisisId_Round",
                table: "CrisisReminders",
                columns: new[] { "CrisisId", "Round" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CrisisStatusAnswers_CrisisId_OrganizationId_ServiceCode_Ver~",
                table: "CrisisStatusAnswers",
                columns: new[] { "CrisisId", "OrganizationId", "ServiceCode", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CrisisStatusAnswers_OrganizationId",
                table: "CrisisStatusAnswers",
                column: "OrganizationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CrisisRecipients");

            migrationBuilder.DropTable(
                name: "CrisisReminders");

            migrationBuilder.DropTable(
                name: "CrisisStatusAnswers");

            migrationBuilder.DropTable(
                name: "CrisisDeclarations");
        }
    }
}
