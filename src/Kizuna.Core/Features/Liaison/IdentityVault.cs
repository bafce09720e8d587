using System.Security.Cryptography;
using System.Text.Json;
using Kizuna.Core.Data;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// Encrypts and decrypts reporter identities with AES-256-GCM. The key lives in a file outside the
/// database (<see cref="LiaisonOptions.IdentityKeyFile"/>), created with owner-only permissions on
/// first use; a database copy alone reveals no reporter. The key id (a hash prefix of the key) is
/// stored with each identity so a wrong key is reported as such, not as garbage.
/// </summary>
public sealed class IdentityVault(IOptions<LiaisonOptions> liaison, IOptions<DatabaseOptions> database)
{
    private readonly Lazy<(byte[] Key, string Id)> _key = new(() => LoadOrCreate(ResolvePath(liaison.Value, database.Value)));

    public static string ResolvePath(LiaisonOptions liaison, DatabaseOptions database)
        => Path.GetFullPath(liaison.IdentityKeyFile ?? Path.Combine(database.DataDirectory, "keys", "identity.key"));

    public ReporterIdentity Seal(Guid reportId, ReporterIdentityView identity)
    {
        var (key, id) = _key.Value;
        var plain = JsonSerializer.SerializeToUtf8Bytes(identity);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using var aes = new AesGcm(key, tag.Length);
        aes.Encrypt(nonce, plain, cipher, tag, reportId.ToByteArray());
        return new ReporterIdentity(reportId, id, nonce, cipher, tag);
    }

    public ReporterIdentityView Open(ReporterIdentity sealedIdentity)
    {
        var (key, id) = _key.Value;
        if (sealedIdentity.KeyId != id)
            throw new CryptographicException($"The identity was sealed with key {sealedIdentity.KeyId}, but the configured key is {id}.");
        var plain = new byte[sealedIdentity.Ciphertext.Length];
        using var aes = new AesGcm(key, sealedIdentity.Tag.Length);
        aes.Decrypt(sealedIdentity.Nonce, sealedIdentity.Ciphertext, sealedIdentity.Tag, plain, sealedIdentity.ReportId.ToByteArray());
        return JsonSerializer.Deserialize<ReporterIdentityView>(plain)!;
    }

    internal static (byte[] Key, string Id) LoadOrCreate(string path)
    {
        byte[] key;
        if (File.Exists(path))
        {
            key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (key.Length != 32) throw new InvalidOperationException($"The identity key file {path} must hold 32 bytes in base64.");
        }
        else
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            key = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            try
            {
                using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
                writer.Write(Convert.ToBase64String(key));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another node or thread created it first: use theirs.
                return LoadOrCreate(path);
            }
        }
        return (key, Convert.ToHexStringLower(SHA256.HashData(key))[..16]);
    }
}
