using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kizuna.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddFederationPeers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FederationPeers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ApiRoot = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    PullCollection = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PushCollection = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AuthScheme = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AuthUser = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ProtectedSecret = table.Column<string>(type: "TEXT", nullable: true),
                    MaxPushTlp = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PushedCollections = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    PullIntervalSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    WatermarkAddedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WatermarkKeys = table.Column<string>(type: "TEXT", nullable: false),
                    ObjectsPulled = table.Column<long>(type: "INTEGER", nullable: false),
                    ObjectsRefused = table.Column<long>(type: "INTEGER", nullable: false),
                    ObjectsPushed = table.Column<long>(type: "INTEGER", nullable: false),
                    PushRefused = table.Column<long>(type: "INTEGER", nullable: false),
                    PushCursor = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastSuccessAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastErrorAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LastRefusal = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ConsecutiveFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FederationPeers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FederationPeers_Code",
                table: "FederationPeers",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FederationPeers_Enabled_NextAttemptAt",
                table: "FederationPeers",
                columns: new[] { "Enabled", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FederationPeers");
        }
    }
}
