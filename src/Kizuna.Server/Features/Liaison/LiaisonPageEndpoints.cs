using Kizuna.Core.Errors;
using Kizuna.Core.Features.Liaison;
using Kizuna.Server.Auth;
using Kizuna.Server.Components;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Features.Liaison;

/// <summary>
/// Form posts of the liaison pages that a static server-rendered component cannot take: the
/// attachment upload (multipart). Answers with a redirect back to the page, with <c>?error=</c> on failure.
/// </summary>
public static class LiaisonPageEndpoints
{
    public static IEndpointRouteBuilder MapLiaisonPageEndpoints(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<LiaisonOptions>>().Value.MaxAttachmentBytes;
        app.MapPost("/reports/{id:guid}/attachments", async Task<Results<RedirectHttpResult, BadRequest<string>>> (
                Guid id, HttpContext http, IAntiforgery antiforgery, AttachToReportHandler attach, ViewerAccessor viewers, CancellationToken ct) =>
            {
                try
                {
                    await antiforgery.ValidateRequestAsync(http);
                }
                catch (AntiforgeryValidationException)
                {
                    return TypedResults.BadRequest("The form has expired; reload the page and try again.");
                }
                IFormCollection form;
                try
                {
                    form = await http.Request.ReadFormAsync(ct);
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    return Back(id, "view", L.T($"ファイルが大きすぎます（上限 {maxBytes} バイト）。", $"The file is too large (the limit is {maxBytes} bytes)."));
                }
                var back = form["return"] == "edit" ? "edit" : "view";
                var file = form.Files.GetFile("file");
                if (file is null || file.Length == 0)
                    return Back(id, back, L.T("ファイルを選んでください。", "Choose a file to attach."));
                if (file.Length > maxBytes)
                    return Back(id, back, L.T($"ファイルが大きすぎます（{file.Length} バイト、上限 {maxBytes} バイト）。", $"The file is {file.Length} bytes; the limit is {maxBytes} bytes."));
                try
                {
                    using var buffer = new MemoryStream();
                    await file.CopyToAsync(buffer, ct);
                    await attach.HandleAsync(id, file.FileName, buffer.ToArray(), await viewers.RequireAsync(ct), ct);
                }
                catch (DomainException e)
                {
                    var message = e is InputException i && i.Errors.Count > 0 ? string.Join(" ", i.Errors.SelectMany(x => x.Value)) : e.Message;
                    return Back(id, back, message);
                }
                return Back(id, back, null);
            })
            .RequireAuthorization(Capabilities.Reporter)
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + LiaisonEndpoints.MultipartOverhead))
            .ExcludeFromDescription();
        return app;
    }

    private static RedirectHttpResult Back(Guid id, string page, string? error)
    {
        var path = page == "edit" ? $"/reports/{id}/edit" : $"/reports/{id}";
        return TypedResults.LocalRedirect(error is null ? path + "?attached=true#attachments" : $"{path}?error={Uri.EscapeDataString(error)}#attachments");
    }
}
