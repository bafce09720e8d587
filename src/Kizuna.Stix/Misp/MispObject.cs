namespace Kizuna.Stix.Misp;

/// <summary>
/// One MISP object (MISP core format <c>Object</c>): attributes that describe one thing together,
/// following a template such as <c>file</c>, <c>domain-ip</c>, <c>url</c> or <c>network-connection</c>.
/// </summary>
/// <param name="Uuid">The object's <c>uuid</c>.</param>
/// <param name="Name">The template name (<c>file</c>, <c>domain-ip</c>…).</param>
/// <param name="MetaCategory">The template's <c>meta-category</c> (<c>file</c>, <c>network</c>…).</param>
/// <param name="Comment">The free-text comment, if any.</param>
/// <param name="Timestamp">Last change, in Unix seconds (0 when absent).</param>
/// <param name="Attributes">Its attributes, each with its <see cref="MispAttribute.ObjectRelation"/>.</param>
public sealed record MispObject(Guid Uuid, string Name, string MetaCategory, string? Comment, long Timestamp, IReadOnlyList<MispAttribute> Attributes);
