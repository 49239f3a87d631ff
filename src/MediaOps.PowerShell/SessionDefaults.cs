using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using MediaOps.Core.Accounts;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// The media accounts connected in each PowerShell session, by name, and its default account: the one most recently
    /// connected in that runspace. Keyed by the runspace object (weakly, so a closed runspace's entry goes with it): two
    /// runspaces in one process (ForEach-Object -Parallel, runspace pools, hosted PowerShell) never see each other's.
    /// </summary>
    internal static class SessionDefaults
    {
        private static readonly ConditionalWeakTable<Runspace, Slot> Slots = new ConditionalWeakTable<Runspace, Slot>();

        /// <summary>The current runspace's default context, or null when none was connected in it.</summary>
        public static MediaAccountContext? Get() => Current()?.Default;

        /// <summary>The accounts connected in the current runspace, in the order they were connected.</summary>
        public static IReadOnlyList<MediaAccountContext> Connected()
        {
            var slot = Current();
            if (slot is null) return new MediaAccountContext[0];
            lock (slot) return slot.Accounts.ToArray();
        }

        /// <summary>The connected account of this name (case-insensitive), or null.</summary>
        public static MediaAccountContext? Find(string name) =>
            Connected().LastOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// Makes <paramref name="context"/> the current runspace's default and lists it as connected (in place of an
        /// account of the same name); false when there is no runspace.
        /// </summary>
        public static bool Set(MediaAccountContext context)
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace is null) return false;
            var slot = Slots.GetValue(runspace, _ => new Slot());
            lock (slot)
            {
                slot.Accounts.RemoveAll(c => ReferenceEquals(c, context) || string.Equals(c.Name, context.Name, StringComparison.OrdinalIgnoreCase));
                slot.Accounts.Add(context);
                slot.Default = context;
            }
            return true;
        }

        /// <summary>
        /// Forgets a connected account; when it was the default, the most recently connected of the others becomes the
        /// default (none when no other is left). False when it was not connected.
        /// </summary>
        public static bool Remove(MediaAccountContext context)
        {
            var slot = Current();
            if (slot is null) return false;
            lock (slot)
            {
                if (slot.Accounts.RemoveAll(c => ReferenceEquals(c, context)) == 0) return false;
                if (ReferenceEquals(slot.Default, context)) slot.Default = slot.Accounts.LastOrDefault();
                return true;
            }
        }

        private static Slot? Current()
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace is null) return null;
            return Slots.TryGetValue(runspace, out var slot) ? slot : null;
        }

        private sealed class Slot
        {
            private volatile MediaAccountContext? _default;

            public List<MediaAccountContext> Accounts { get; } = new List<MediaAccountContext>();

            public MediaAccountContext? Default
            {
                get => _default;
                set => _default = value;
            }
        }
    }
}
