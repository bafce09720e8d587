using System.Net;
using System.Text.Json;

namespace Kizuna.Server.Tests.Support;

/// <summary>Assertions on RFC 9457 problem details answers.</summary>
public static class Problems
{
    public const string MediaType = "application/problem+json";

    /// <summary>Asserts the status and the problem+json media type, and returns the parsed problem.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string? detailContains = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(MediaType, response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (detailContains is not null)
        {
            Assert.True(problem.TryGetProperty("detail", out var detail), $"The problem has no detail: {body}");
            Assert.Contains(detailContains, detail.GetString(), StringComparison.OrdinalIgnoreCase);
        }
        return problem;
    }

    /// <summary>The problem's detail plus any field errors, for "says what is wrong" checks.</summary>
    public static string Explanation(JsonElement problem)
    {
        var text = problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            foreach (var field in errors.EnumerateObject())
                text += $" {field.Name}: " + string.Join(" ", field.Value.EnumerateArray().Select(e => e.GetString()));
        return text;
    }
}
