using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Kizuna.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CorrelationIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CorrelationWarnings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    KeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CorrelationWarnings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ObservableOccurrences",
                columns: table => new
                {
                    KeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ItemKind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    SectorCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Pseudonym = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Tlp = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IsExercise = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservableOccurrences", x => new { x.KeyId, x.ItemId });
                });

            migrationBuilder.CreateTable(
                name: "OverCommonObservables",
                columns: table => new
                {
                    KeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    MarkedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Skipped = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OverCommonObservables", x => x.KeyId);
                });

            migrationBuilder.InsertData(
                table: "CorrelationWarnings",
                columns: new[] { "Id", "AddedAt", "AddedBy", "KeyId", "Note", "Type", "Value" },
                values: new object[,]
                {
                    { new Guid("09374255-9957-5a55-748d-33f339848e76"), 639105984000000000L, "seed", new Guid("8b9dcd69-0003-81c6-aae0-dec774549076"), "Google Public DNS", "ipv6", "2001:4860:4860::8844" },
                    { new Guid("1bb0dc0d-c455-2ea4-adf4-af74077607bd"), 639105984000000000L, "seed", new Guid("931b9176-154a-a7ed-49d1-0975a4fe2c9e"), "Loopback", "ipv4", "127.0.0.1" },
                    { new Guid("1c2d8ceb-2017-6539-fcfa-fd3094442f94"), 639105984000000000L, "seed", new Guid("2c542de6-0d80-0565-53d6-527c6291d6b6"), "OpenDNS", "ipv4", "208.67.222.222" },
                    { new Guid("2aeb977e-b1cf-7c11-9056-3f7e328b5455"), 639105984000000000L, "seed", new Guid("1abf404b-8050-9878-618f-519c501b35ba"), "OpenDNS", "ipv4", "208.67.220.220" },
                    { new Guid("350c67ad-8e12-6274-9840-fce40fc35c8e"), 639105984000000000L, "seed", new Guid("5871c1d7-1c81-5ef3-150b-4532627e99be"), "Popular domain", "domain", "amazonaws.com" },
                    { new Guid("5ae76afe-8dc5-df2f-17f8-926a7488a89f"), 639105984000000000L, "seed", new Guid("eb2de532-3485-57f0-fbce-566896e3a291"), "Cloudflare DNS", "ipv4", "1.0.0.1" },
                    { new Guid("5fd5a6c5-eea7-87fd-87c8-53f5b5fde7f0"), 639105984000000000L, "seed", new Guid("20c94e2e-347f-409d-1a02-cc3bfe7078a7"), "Popular domain", "domain", "windowsupdate.com" },
                    { new Guid("66e4ae73-1270-5d11-8abd-2dd6c1ae26bd"), 639105984000000000L, "seed", new Guid("5198fa3d-e250-ea19-1620-83dcd531b0ca"), "Google Public DNS", "ipv4", "8.8.4.4" },
                    { new Guid("73e4899d-ad93-a732-2e21-9a2f81d457b5"), 639105984000000000L, "seed", new Guid("322b15ed-35b0-e8d8-7334-1938ca5f75d2"), "Documentation domain (RFC 2606)", "domain", "example.com" },
                    { new Guid("743d8b56-de9f-d60e-b52f-55e3ebc20c3d"), 639105984000000000L, "seed", new Guid("da4a4432-9a30-8c7c-a574-3337c31fc937"), "Popular domain", "domain", "yahoo.co.jp" },
                    { new Guid("7576ecb7-576b-ffa4-611c-33857c6d02cc"), 639105984000000000L, "seed", new Guid("3c615418-e7d1-5c88-840a-7827ed5e632a"), "Popular domain", "domain", "www.google.com" },
                    { new Guid("880587ad-e584-0b5d-c013-ec95138dd5e3"), 639105984000000000L, "seed", new Guid("6d6d3729-cbcc-a7e4-88e4-9b1350604c22"), "Popular domain", "domain", "apple.com" },
                    { new Guid("8d2f41fd-bcf0-6978-18c9-bf988819e04f"), 639105984000000000L, "seed", new Guid("fb1902af-af9c-45a5-84ba-155ec47f3418"), "Cloudflare DNS", "ipv6", "2606:4700:4700::1111" },
                    { new Guid("90f69953-318b-c8c5-aa9e-5c2f5802d245"), 639105984000000000L, "seed", new Guid("fd66ab7a-5bf0-bd36-4b1b-ab051fe33efb"), "Popular domain", "domain", "google.com" },
                    { new Guid("947f4bc0-5114-07ed-6780-e9d3c9d054f2"), 639105984000000000L, "seed", new Guid("2fbefd8c-6fdd-d92d-6724-53caa4275f3e"), "Google Public DNS", "ipv4", "8.8.8.8" },
                    { new Guid("9dc7db6f-96ed-4764-dde6-6e4027a93fe0"), 639105984000000000L, "seed", new Guid("204bb8e1-579b-9eb6-cae2-729ac9b09ff9"), "Cloudflare DNS", "ipv4", "1.1.1.1" },
                    { new Guid("b485cc00-31c3-ec10-6011-ec5d986b9eee"), 639105984000000000L, "seed", new Guid("4fd5f182-26f3-cdaa-51d7-21cd6cbb69c0"), "Google Public DNS", "ipv6", "2001:4860:4860::8888" },
                    { new Guid("b53334c6-4f80-e59d-d873-a003da0c1c9d"), 639105984000000000L, "seed", new Guid("f0c3ae26-228f-75c9-0c76-8e3836b7b181"), "Popular domain", "domain", "microsoft.com" },
                    { new Guid("b62fd052-8280-e3cc-9310-5e2d6cfaa05f"), 639105984000000000L, "seed", new Guid("e09b6ed4-bbd8-4d8e-a6bb-bbbd5d853a5a"), "Popular domain", "domain", "cloudflare.com" },
                    { new Guid("c6f3fc3d-e855-0d5c-4e3a-1f29b21876c7"), 639105984000000000L, "seed", new Guid("cd46d0d4-bb7c-0634-530d-b9ea6da3a137"), "Quad9 DNS", "ipv4", "9.9.9.9" },
                    { new Guid("e007918f-fc81-e5b3-63b3-03fbd9e2a4c4"), 639105984000000000L, "seed", new Guid("fbff838c-85b9-6bba-fb69-1f4b6a832fc0"), "Popular domain", "domain", "github.com" },
                    { new Guid("f1a6a495-b40e-4cd9-b7c9-5531da40f998"), 639105984000000000L, "seed", new Guid("2a9d6460-dcb7-37ac-937c-230f11ebc86a"), "Unspecified address", "ipv4", "0.0.0.0" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_CorrelationWarnings_KeyId",
                table: "CorrelationWarnings",
                column: "KeyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ObservableOccurrences_At",
                table: "ObservableOccurrences",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ObservableOccurrences_ItemId",
                table: "ObservableOccurrences",
                column: "ItemId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CorrelationWarnings");

            migrationBuilder.DropTable(
                name: "ObservableOccurrences");

            migrationBuilder.DropTable(
                name: "OverCommonObservables");
        }
    }
}
