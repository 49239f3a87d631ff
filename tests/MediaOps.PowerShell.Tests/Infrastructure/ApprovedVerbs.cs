using System;
using System.Collections.Generic;

namespace MediaOps.PowerShell.Tests.Infrastructure
{
    /// <summary>The approved verbs, as PowerShell 7's Get-Verb lists them (100 verbs, by group).</summary>
    public static class ApprovedVerbs
    {
        public static readonly IReadOnlyDictionary<string, string> GroupOf = Build(
            ("Common", "Add Clear Close Copy Enter Exit Find Format Get Hide Join Lock Move New Open Optimize Pop Push Redo Remove Rename Reset Resize Search Select Set Show Skip Split Step Switch Undo Unlock Watch"),
            ("Communications", "Connect Disconnect Read Receive Send Write"),
            ("Data", "Backup Checkpoint Compare Compress Convert ConvertFrom ConvertTo Dismount Edit Expand Export Group Import Initialize Limit Merge Mount Out Publish Restore Save Sync Unpublish Update"),
            ("Diagnostic", "Debug Measure Ping Repair Resolve Test Trace"),
            ("Lifecycle", "Approve Assert Build Complete Confirm Deny Deploy Disable Enable Install Invoke Register Request Restart Resume Start Stop Submit Suspend Uninstall Unregister Wait"),
            ("Security", "Block Grant Protect Revoke Unblock Unprotect"),
            ("Other", "Use"));

        /// <summary>
        /// Verbs whose cmdlets create, change or delete something, and so must support -WhatIf and -Confirm.
        /// </summary>
        public static readonly ISet<string> ChangeVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "Clear", "Copy", "Move", "New", "Remove", "Rename", "Reset", "Set", "Lock", "Unlock",
            "Publish", "Unpublish", "Register", "Unregister", "Submit", "Stop", "Start", "Restart", "Suspend", "Resume",
            "Install", "Uninstall", "Enable", "Disable", "Update", "Restore", "Sync", "Merge", "Initialize", "Mount", "Dismount",
            "Grant", "Revoke", "Protect", "Unprotect", "Block", "Unblock", "Deploy", "Approve", "Deny", "Edit", "Import",
        };

        private static IReadOnlyDictionary<string, string> Build(params (string Group, string Verbs)[] groups)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (group, verbs) in groups)
            {
                foreach (var verb in verbs.Split(' ', StringSplitOptions.RemoveEmptyEntries)) result.Add(verb, group);
            }
            return result;
        }
    }
}
