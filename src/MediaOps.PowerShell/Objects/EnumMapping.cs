using System;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// Between Core's enums and the module's own copies of them, by member name (the module's enums live in the cmdlet
    /// assembly so that PowerShell can resolve them by name in scripts; Core loads in the module's load context).
    /// </summary>
    internal static class EnumMapping
    {
        public static TTo Convert<TTo>(Enum value) where TTo : struct, Enum =>
            (TTo)Enum.Parse(typeof(TTo), value.ToString(), ignoreCase: false);

        public static TTo? ConvertOptional<TTo>(Enum? value) where TTo : struct, Enum =>
            value is null ? (TTo?)null : Convert<TTo>(value);
    }
}
