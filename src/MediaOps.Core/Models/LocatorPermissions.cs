using System;

namespace MediaOps.Core.Models
{
    /// <summary>What a SAS locator lets its holder do. Origin locators are always read-only.</summary>
    [Flags]
    public enum LocatorPermissions
    {
        None = 0,
        Read = 1,
        Write = 2,
        List = 4,
    }
}
