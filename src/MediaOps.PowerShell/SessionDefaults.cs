using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using MediaOps.Core.Accounts;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// The default media account of each PowerShell session: the one most recently connected in that runspace.
    /// Keyed by the runspace object (weakly, so a closed runspace's entry goes with it): two runspaces in one
    /// process (ForEach-Object -Parallel, runspace pools, hosted PowerShell) never see each other's default.
    /// </summary>
    internal static class SessionDefaults
    {
        private static readonly ConditionalWeakTable<Runspace, Slot> Slots = new ConditionalWeakTable<Runspace, Slot>();

        /// <summary>The current runspace's default context, or null when none was connected in it.</summary>
        public static MediaAccountContext? Get()
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace is null) return null;
            return Slots.TryGetValue(runspace, out var slot) ? slot.Context : null;
        }

        /// <summary>Makes <paramref name="context"/> the current runspace's default; false when there is no runspace.</summary>
        public static bool Set(MediaAccountContext context)
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace is null) return false;
            Slots.GetValue(runspace, _ => new Slot()).Context = context;
            return true;
        }

        private sealed class Slot
        {
            private volatile MediaAccountContext? _context;

            public MediaAccountContext? Context
            {
                get => _context;
                set => _context = value;
            }
        }
    }
}
