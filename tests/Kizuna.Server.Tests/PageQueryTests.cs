using System.Net;
using Kizuna.TestKit;

namespace Kizuna.Server.Tests;

public sealed class PageQueryTests
{
    [Theory]
    [InlineData("/directory?page=abc")]
    [InlineData("/reports?overdue=xyz")]
    [InlineData("/reports?minSeverity=high")]
    [InlineData("/statistics?fy=abc")]
    [InlineData("/notices?page=1.5")]
    public async Task Page_MalformedQueryValue_Answers400WithReadableMessage(string path)
    {
        await using var server = await KizunaTestServer.StartAsync(DatabaseKind.Sqlite);
        var client = await server.SignInAsync(DemoUsers.Admin);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Cannot parse the value", body);
    }
}
