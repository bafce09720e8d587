using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kizuna.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ServiceDependencies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ServiceDependencies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DependsOnServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Impact = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    NoteJa = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    NoteEn = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceDependencies", x => x.Id);
                    table.CheckConstraint("CK_ServiceDependencies_NotSelf", "\"ServiceId\" <> \"DependsOnServiceId\"");
                    table.ForeignKey(
                        name: "FK_ServiceDependencies_CriticalServices_DependsOnServiceId",
                        column: x => x.DependsOnServiceId,
                        principalTable: "CriticalServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ServiceDependencies_CriticalServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "CriticalServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceDependencies_DependsOnServiceId",
                table: "ServiceDependencies",
                column: "DependsOnServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceDependencies_ServiceId_DependsOnServiceId",
                table: "ServiceDependencies",
                columns: new[] { "ServiceId", "DependsOnServiceId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ServiceDependencies");
        }
    }
}
