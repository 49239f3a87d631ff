using System;

namespace MediaOps.PowerShell
{
    /// <summary>What a SAS locator allows (New-MediaLocator -Permission); origin locators are always Read.</summary>
    [Flags]
    public enum LocatorPermissions
    {
        None = 0,
        Read = 1,
        Write = 2,
        List = 4,
    }
}
