namespace Kizuna.Stix.Misp;

/// <summary>The input is not MISP JSON of the expected shape (malformed JSON, wrong shape, a value too large).</summary>
public sealed class MispFormatException(string message, Exception? inner = null) : Exception(message, inner);
