using Kizuna.Core.Errors;

namespace Kizuna.Core.Paging;

/// <summary>A page of a list: 1-based page number and a size between 1 and <see cref="MaxPageSize"/>.</summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    /// <summary>Deep offset paging is refused beyond this page; narrow the filter instead.</summary>
    public const int MaxPage = 10_000;

    public static PageRequest From(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var s = pageSize ?? DefaultPageSize;
        new InputCheck()
            .That(p is >= 1 and <= MaxPage, "page", $"'page' must be between 1 and {MaxPage}; it was {p}.")
            .That(s is >= 1 and <= MaxPageSize, "pageSize", $"'pageSize' must be between 1 and {MaxPageSize}; it was {s}.")
            .ThrowIfInvalid("The paging values are invalid.");
        return new PageRequest(p, s);
    }

    public int Skip => (Page - 1) * PageSize;

    /// <summary>Large lists count their matches up to this many and then say "10,000+": an exact count would scan them all.</summary>
    public const int MaxCount = 10_000;
}

/// <summary>One page of results with the total count of matches (at most <see cref="PageRequest.MaxCount"/> when <see cref="TotalIsCapped"/>).</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total, bool TotalIsCapped = false)
{
    public int PageCount => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
}
