using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kizuna.Server.Tests.Interop;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Misp.MispApi;

namespace Kizuna.Server.Tests.Misp;

/// <summary>The MISP import's limits, set low: the document's size (413, with or without Content-Length) and one element's size (400).</summary>
public sealed class MispLimitsTests(MispLimitsTests.Fixture fixture) : IClassFixture<MispLimitsTests.Fixture>
{
    public const int MaxEventBytes = 200_000;
    public const int MaxElementBytes = 65_536;

    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Misp:MaxEventBytes"] = MaxEventBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Misp:MaxElementBytes"] = MaxElementBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Import_DocumentOverTheLimit_Answers413WithOrWithoutLength(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(TaxiiApi.Nisc);
        var attributes = Enumerable.Range(0, 3_000).Select(i => ("ip-dst", $"10.1.{i / 256}.{i % 256}", true)).ToArray();
        var big = Encoding.UTF8.GetBytes(Event(Guid.NewGuid(), "tlp:green", "Too big", attributes));
        Assert.True(big.Length > MaxEventBytes);
        var before = await CountAsync(server);

        var withLength = await nisc.PostAsync($"{Events}?collection=community", Json(big));
        Assert.Contains($"{MaxEventBytes}", Problems.Explanation(await Problems.AssertAsync(withLength, HttpStatusCode.RequestEntityTooLarge)));

        var chunked = new StreamContent(new NoLengthStream(big));
        chunked.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        // The server answers 413 as soon as the count passes the limit, before the client has sent
        // everything; it may then close the connection, and the client may see that as a broken pipe
        // instead of the answer (HTTP allows either). What must hold: no 2xx, nothing stored.
        try
        {
            var withoutLength = await nisc.PostAsync($"{Events}?collection=community", chunked);
            await Problems.AssertAsync(withoutLength, HttpStatusCode.RequestEntityTooLarge);
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
        }
        Assert.Equal(before, await CountAsync(server));

        // Just under the limit is fine.
        var fits = Encoding.UTF8.GetBytes(Event(Guid.NewGuid(), "tlp:green", "Fits", attributes[..100]));
        Assert.Equal(0, (await ImportAsync(nisc, "community", fits))["failureCount"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Import_ElementOverTheLimit_Answers400NamingIt(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(TaxiiApi.Nisc);
        var huge = Event(Guid.NewGuid(), "tlp:green", "Huge attribute", ("text", new string('x', MaxElementBytes + 10), false));
        var problem = await Problems.AssertAsync(await nisc.PostAsync($"{Events}?collection=community", Json(huge)), HttpStatusCode.BadRequest);
        Assert.Contains($"larger than {MaxElementBytes} bytes", Problems.Explanation(problem));
    }

    private static async Task<int> CountAsync(KizunaTestServer server)
    {
        await using var db = server.NewContext();
        return await db.StixObjects.CountAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A stream whose length is unknown, so the client sends the body chunked.</summary>
    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
