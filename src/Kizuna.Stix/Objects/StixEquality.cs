using System.Text.Json;

namespace Kizuna.Stix.Objects;

/// <summary>Equality used by the value collections: JSON values compare by content (<see cref="JsonElement.DeepEquals"/>).</summary>
internal static class StixEquality
{
    private sealed class JsonElementComparer : IEqualityComparer<JsonElement>
    {
        public bool Equals(JsonElement x, JsonElement y) => JsonElement.DeepEquals(x, y);
        public int GetHashCode(JsonElement obj) => obj.ValueKind.GetHashCode();
    }

    private static readonly JsonElementComparer Json = new();

    public static IEqualityComparer<T> Comparer<T>()
        => typeof(T) == typeof(JsonElement) ? (IEqualityComparer<T>)(object)Json : EqualityComparer<T>.Default;
}
