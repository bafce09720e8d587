using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kizuna.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IngestRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IngestRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SourceCollections = table.Column<string>(type: "TEXT", nullable: false),
                    Types = table.Column<string>(type: "TEXT", nullable: false),
                    Sectors = table.Column<string>(type: "TEXT", nullable: false),
                    MaxTlp = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    TextContains = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ContributorOrganizations = table.Column<string>(type: "TEXT", nullable: false),
                    CopyToSector = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AddTags = table.Column<string>(type: "TEXT", nullable: false),
                    NotifyOrganization = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IngestRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IngestRuleRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RuleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CopyRecordId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IngestRuleRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IngestRuleRuns_IngestRules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "IngestRules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IngestRuleRuns_StixObjects_RecordId",
                        column: x => x.RecordId,
                        principalTable: "StixObjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StixObjectTags",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Tag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RuleId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StixObjectTags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StixObjectTags_IngestRules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "IngestRules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_StixObjectTags_StixObjects_RecordId",
                        column: x => x.RecordId,
                        principalTable: "StixObjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IngestRuleRuns_RecordId",
                table: "IngestRuleRuns",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_IngestRuleRuns_RuleId_At",
                table: "IngestRuleRuns",
                columns: new[] { "RuleId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_IngestRuleRuns_RuleId_RecordId",
                table: "IngestRuleRuns",
                columns: new[] { "RuleId", "RecordId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IngestRules_Enabled_Order",
                table: "IngestRules",
                columns: new[] { "Enabled", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_StixObjectTags_RecordId_Tag",
                table: "StixObjectTags",
                columns: new[] { "RecordId", "Tag" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StixObjectTags_RuleId",
                table: "StixObjectTags",
                column: "RuleId");

            migrationBuilder.CreateIndex(
                name: "IX_StixObjectTags_Tag",
                table: "StixObjectTags",
                column: "Tag");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IngestRuleRuns");

            migrationBuilder.DropTable(
                name: "StixObjectTags");

            migrationBuilder.DropTable(
                name: "IngestRules");
        }
    }
}
