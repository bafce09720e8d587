namespace Kizuna.Core.Features.Liaison.Anonymization;

// Placeholder replaced by the sanitizer branch before this lands.
public sealed class SourceSanitizer
{
    public SanitizeResult Sanitize(SanitizeInput input) => new(null, "placeholder");
}
