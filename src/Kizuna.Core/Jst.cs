namespace Kizuna.Core;

/// <summary>Japan Standard Time (日本標準時): UTC+9 all year (Japan has had no daylight saving since 1951). Every JST day, period and display uses this offset.</summary>
public static class Jst
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);
}
