namespace Kizuna.Core.Features.Directory;

/// <summary>A contact point of an organisation; primary and backup contacts are used for hotline escalation.</summary>
public sealed class Contact
{
    public required string Name { get; set; }
    /// <summary><c>primary</c> or <c>backup</c>.</summary>
    public required string Role { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
}
