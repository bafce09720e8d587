namespace Kizuna.Core.Disclosure;

/// <summary>An item whose visibility the <see cref="DisclosurePolicy"/> decides.</summary>
public interface IShareable
{
    Distribution Distribution { get; }
}
