using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kizuna.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CrisisRoutesAndDirectReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CrisisId",
                table: "Reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Direction",
                table: "HotlineAlerts",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "down");

            migrationBuilder.AddColumn<Guid>(
                name: "LinkedReportId",
                table: "HotlineAlerts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EscalationLevel",
                table: "CrisisRecipients",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "Level1At",
                table: "CrisisRecipients",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Level2At",
                table: "CrisisRecipients",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Level3At",
                table: "CrisisRecipients",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reports_CrisisId",
                table: "Reports",
                column: "CrisisId");

            migrationBuilder.CreateIndex(
                name: "IX_CrisisRecipients_FirstAnsweredAt_EscalationLevel",
                table: "CrisisRecipients",
                columns: new[] { "FirstAnsweredAt", "EscalationLevel" });

            migrationBuilder.AddForeignKey(
                name: "FK_Reports_CrisisDeclarations_CrisisId",
                table: "Reports",
                column: "CrisisId",
                principalTable: "CrisisDeclarations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Reports_CrisisDeclarations_CrisisId",
                table: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_Reports_CrisisId",
                table: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_CrisisRecipients_FirstAnsweredAt_EscalationLevel",
                table: "CrisisRecipients");

            migrationBuilder.DropColumn(
                name: "CrisisId",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "Direction",
                table: "HotlineAlerts");

            migrationBuilder.DropColumn(
                name: "LinkedReportId",
                table: "HotlineAlerts");

            migrationBuilder.DropColumn(
                name: "EscalationLevel",
                table: "CrisisRecipients");

            migrationBuilder.DropColumn(
                name: "Level1At",
                table: "CrisisRecipients");

            migrationBuilder.DropColumn(
                name: "Level2At",
                table: "CrisisRecipients");

            migrationBuilder.DropColumn(
                name: "Level3At",
                table: "CrisisRecipients");
        }
    }
}
