using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kizuna.Data.Postgres.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ApiRoot = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    PullCollection = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PushCollection = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AuthScheme = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AuthUser = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ProtectedSecret = table.Column<string>(type: "text", nullable: true),
                    MaxPushTlp = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PushedCollections = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    PullIntervalSeconds = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WatermarkAddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    WatermarkKeys = table.Column<string>(type: "text", nullable: false),
                    ObjectsPulled = table.Column<long>(type: "bigint", nullable: false),
                    ObjectsRefused = table.Column<long>(type: "bigint", nullable: false),
                    ObjectsPushed = table.Column<long>(type: "bigint", nullable: false),
                    PushRefused = table.Column<long>(type: "bigint", nullable: false),
                    PushCursor = table.Column<long>(type: "bigint", nullable: false),
                    LastAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastSuccessAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastErrorAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LastRefusal = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ConsecutiveFailures = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
