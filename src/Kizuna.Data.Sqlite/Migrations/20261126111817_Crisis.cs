using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kizuna.Data.Sqlite.Migrations
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sectors = table.Column<string>(type: "TEXT", nullable: false),
                    Regions = table.Column<string>(type: "TEXT", nullable: false),
                    Cause = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DeclaredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeclaredByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeclaredByOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StoodDownAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StoodDownByUserId = table.Column<Guid>(type: "TEXT", nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CrisisId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SectorCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstAnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastAnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Reminders = table.Column<int>(type: "INTEGER", nullable: false),
                    LastRemindedAt = table.Column<long>(type: "INTEGER", nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CrisisId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Round = table.Column<int>(type: "INTEGER", nullable: false),
                    Sent = table.Column<int>(type: "INTEGER", nullable: false),
                    SentByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CrisisId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SectorCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ServiceCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ExpectedRecovery = table.Column<long>(type: "INTEGER", nullable: true),
                    Needs = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AnsweredByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "IX_CrisisStatusAnswers_CrisisId_OrganizationId_ServiceCode_Version",
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
