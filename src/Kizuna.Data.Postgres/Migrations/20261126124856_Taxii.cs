using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kizuna.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Taxii : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StixObjects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    CollectionId = table.Column<Guid>(type: "uuid", nullable: false),
                    StixId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Type = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    SpecVersion = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Version = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    HasTimestamps = table.Column<bool>(type: "boolean", nullable: false),
                    DateAdded = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IsFirst = table.Column<bool>(type: "boolean", nullable: false),
                    IsLatest = table.Column<bool>(type: "boolean", nullable: false),
                    Label = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Json = table.Column<string>(type: "text", nullable: false),
                    Tlp = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OwnerOrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContributorUserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StixObjects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TaxiiStatuses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CollectionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RequestTimestamp = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TotalCount = table.Column<int>(type: "integer", nullable: false),
                    SuccessCount = table.Column<int>(type: "integer", nullable: false),
                    FailureCount = table.Column<int>(type: "integer", nullable: false),
                    PendingCount = table.Column<int>(type: "integer", nullable: false),
                    DetailsJson = table.Column<string>(type: "text", nullable: false),
                    Tlp = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OwnerOrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedByUserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaxiiStatuses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StixObjectAudience",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DistributionStixObjectRecordId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StixObjectAudience", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StixObjectAudience_StixObjects_DistributionStixObjectRecord~",
                        column: x => x.DistributionStixObjectRecordId,
                        principalTable: "StixObjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TaxiiStatusAudience",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DistributionTaxiiStatusId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaxiiStatusAudience", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TaxiiStatusAudience_TaxiiStatuses_DistributionTaxiiStatusId",
                        column: x => x.DistributionTaxiiStatusId,
                        principalTable: "TaxiiStatuses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StixObjectAudience_DistributionStixObjectRecordId_Kind_Value",
                table: "StixObjectAudience",
                columns: new[] { "DistributionStixObjectRecordId", "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_StixObjectAudience_Kind_Value",
                table: "StixObjectAudience",
                columns: new[] { "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_StixObjects_CollectionId_DateAdded_Sequence",
                table: "StixObjects",
                columns: new[] { "CollectionId", "DateAdded", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_StixObjects_CollectionId_Sequence",
                table: "StixObjects",
                columns: new[] { "CollectionId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_StixObjects_CollectionId_StixId_Version",
                table: "StixObjects",
                columns: new[] { "CollectionId", "StixId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StixObjects_CollectionId_Type_Sequence",
                table: "StixObjects",
                columns: new[] { "CollectionId", "Type", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_StixObjects_OwnerOrganizationId",
                table: "StixObjects",
                column: "OwnerOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_StixObjects_Sequence",
                table: "StixObjects",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TaxiiStatusAudience_DistributionTaxiiStatusId_Kind_Value",
                table: "TaxiiStatusAudience",
                columns: new[] { "DistributionTaxiiStatusId", "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_TaxiiStatusAudience_Kind_Value",
                table: "TaxiiStatusAudience",
                columns: new[] { "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_TaxiiStatuses_OwnerOrganizationId",
                table: "TaxiiStatuses",
                column: "OwnerOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_TaxiiStatuses_RequestTimestamp",
                table: "TaxiiStatuses",
                column: "RequestTimestamp");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StixObjectAudience");

            migrationBuilder.DropTable(
                name: "TaxiiStatusAudience");

            migrationBuilder.DropTable(
                name: "StixObjects");

            migrationBuilder.DropTable(
                name: "TaxiiStatuses");
        }
    }
}
