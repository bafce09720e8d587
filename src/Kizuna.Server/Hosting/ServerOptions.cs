namespace Kizuna.Server.Hosting;

/// <summary>Knobs of the HTTP host, bound from the <c>Server</c> section.</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";
    public const string DefaultUrls = "http://localhost:5080";

    /// <summary>Largest request body accepted anywhere, in bytes (default 1 MiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Sign-in attempts (page posts) per client address per minute.</summary>
    public int SignInPermitsPerMinute { get; set; } = 30;

    /// <summary>API requests per token per minute.</summary>
    public int TokenPermitsPerMinute { get; set; } = 600;

    /// <summary>Failed passwords before a lockout.</summary>
    public int LockoutAttempts { get; set; } = 5;

    /// <summary>How long a lockout lasts, in minutes.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>PBKDF2 (HMAC-SHA512) iterations for new password hashes; OWASP 2023 advises 210,000.</summary>
    public int PasswordHashIterations { get; set; } = 210_000;

    /// <summary>Create the fictitious demo community on first start.</summary>
    public bool Demo { get; set; }
}
