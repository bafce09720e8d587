using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kizuna.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Exercises : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ExerciseId",
                table: "Reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ExerciseId",
                table: "Notices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ExerciseId",
                table: "HotlineAlerts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ExerciseId",
                table: "CrisisDeclarations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ExerciseId",
                table: "Advisories",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Exercises",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Speed = table.Column<double>(type: "REAL", nullable: false),
                    ScheduledStartAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Exercises", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Exercises_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ExerciseInjects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExerciseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Offset = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    AudienceJson = table.Column<string>(type: "TEXT", nullable: false),
                    ExpectationsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ItemKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExerciseInjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExerciseInjects_Exercises_ExerciseId",
                        column: x => x.ExerciseId,
                        principalTable: "Exercises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ExerciseParticipants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExerciseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    People = table.Column<int>(type: "INTEGER", nullable: false),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RemovedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExerciseParticipants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExerciseParticipants_Exercises_ExerciseId",
                        column: x => x.ExerciseId,
                        principalTable: "Exercises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExerciseParticipants_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_ExerciseId",
                table: "Reports",
                column: "ExerciseId");

            migrationBuilder.CreateIndex(
                name: "IX_Notices_ExerciseId",
                table: "Notices",
                column: "ExerciseId");

            migrationBuilder.CreateIndex(
                name: "IX_HotlineAlerts_ExerciseId",
                table: "HotlineAlerts",
                column: "ExerciseId");

            migrationBuilder.CreateIndex(
                name: "IX_CrisisDeclarations_ExerciseId",
                table: "CrisisDeclarations",
                column: "ExerciseId");

            migrationBuilder.CreateIndex(
                name: "IX_Advisories_ExerciseId",
                table: "Advisories",
                column: "ExerciseId");

            migrationBuilder.CreateIndex(
                name: "IX_ExerciseInjects_ExerciseId_Number",
                table: "ExerciseInjects",
                columns: new[] { "ExerciseId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExerciseInjects_Status_DueAt",
                table: "ExerciseInjects",
                columns: new[] { "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ExerciseParticipants_ExerciseId_OrganizationId",
                table: "ExerciseParticipants",
                columns: new[] { "ExerciseId", "OrganizationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExerciseParticipants_OrganizationId_ExerciseId",
                table: "ExerciseParticipants",
                columns: new[] { "OrganizationId", "ExerciseId" });

            migrationBuilder.CreateIndex(
                name: "IX_Exercises_OrganizationId",
                table: "Exercises",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_Exercises_StartedAt",
                table: "Exercises",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Exercises_Status",
                table: "Exercises",
                column: "Status");

            migrationBuilder.AddForeignKey(
                name: "FK_Advisories_Exercises_ExerciseId",
                table: "Advisories",
                column: "ExerciseId",
                principalTable: "Exercises",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_CrisisDeclarations_Exercises_ExerciseId",
                table: "CrisisDeclarations",
                column: "ExerciseId",
                principalTable: "Exercises",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_HotlineAlerts_Exercises_ExerciseId",
                table: "HotlineAlerts",
                column: "ExerciseId",
                principalTable: "Exercises",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Notices_Exercises_ExerciseId",
                table: "Notices",
                column: "ExerciseId",
                principalTable: "Exercises",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Reports_Exercises_ExerciseId",
                table: "Reports",
                column: "ExerciseId",
                principalTable: "Exercises",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Advisories_Exercises_ExerciseId",
                table: "Advisories");

            migrationBuilder.DropForeignKey(
                name: "FK_CrisisDeclarations_Exercises_ExerciseId",
                table: "CrisisDeclarations");

            migrationBuilder.DropForeignKey(
                name: "FK_HotlineAlerts_Exercises_ExerciseId",
                table: "HotlineAlerts");

            migrationBuilder.DropForeignKey(
                name: "FK_Notices_Exercises_ExerciseId",
                table: "Notices");

            migrationBuilder.DropForeignKey(
                name: "FK_Reports_Exercises_ExerciseId",
                table: "Reports");

            migrationBuilder.DropTable(
                name: "ExerciseInjects");

            migrationBuilder.DropTable(
                name: "ExerciseParticipants");

            migrationBuilder.DropTable(
                name: "Exercises");

            migrationBuilder.DropIndex(
                name: "IX_Reports_ExerciseId",
                table: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_Notices_ExerciseId",
                table: "Notices");

            migrationBuilder.DropIndex(
                name: "IX_HotlineAlerts_ExerciseId",
                table: "HotlineAlerts");

            migrationBuilder.DropIndex(
                name: "IX_CrisisDeclarations_ExerciseId",
                table: "CrisisDeclarations");

            migrationBuilder.DropIndex(
                name: "IX_Advisories_ExerciseId",
                table: "Advisories");

            migrationBuilder.DropColumn(
                name: "ExerciseId",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "ExerciseId",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "ExerciseId",
                table: "HotlineAlerts");

            migrationBuilder.DropColumn(
                name: "ExerciseId",
                table: "CrisisDeclarations");

            migrationBuilder.DropColumn(
                name: "ExerciseId",
                table: "Advisories");
        }
    }
}
