using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kizuna.Data.Postgres.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    DependsOnServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Impact = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    NoteJa = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    NoteEn = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
