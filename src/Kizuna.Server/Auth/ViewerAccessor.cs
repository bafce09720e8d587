using System.Security.Claims;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Identity;

namespace Kizuna.Server.Auth;

/// <summary>The current request's <see cref="Viewer"/>, loaded once from the database.</summary>
public sealed class ViewerAccessor(IHttpContextAccessor http, ViewerFactory factory)
{
    private Viewer? _viewer;
    private bool _loaded;

    public async Task<Viewer?> GetAsync(CancellationToken ct = default)
    {
        if (_loaded) return _viewer;
        var id = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        _viewer = Guid.TryParse(id, out var userId) && http.HttpContext!.User.Identity?.IsAuthenticated == true
            ? await factory.ForUserAsync(userId, ct)
            : null;
        _loaded = true;
        return _viewer;
    }

    /// <summary>The viewer of an authorized endpoint or page; its absence there is a programming error.</summary>
    public async Task<Viewer> RequireAsync(CancellationToken ct = default)
        => await GetAsync(ct) ?? throw new InvalidOperationException("No signed-in viewer on an endpoint that requires one.");
}
