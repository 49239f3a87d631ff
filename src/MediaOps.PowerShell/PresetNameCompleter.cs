using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using MediaOps.Core.Encoding;

namespace MediaOps.PowerShell
{
    /// <summary>Tab completion of -Preset with the built-in preset names (quoted: they contain spaces).</summary>
    public sealed class PresetNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var typed = (wordToComplete ?? "").Trim('\'', '"');
            var results = new List<CompletionResult>();
            foreach (var name in PresetCatalog.BuiltInNames)
            {
                if (!name.StartsWith(typed, StringComparison.OrdinalIgnoreCase)
                    && name.IndexOf(typed, StringComparison.OrdinalIgnoreCase) < 0)
                {
                    continue;
                }
                results.Add(new CompletionResult("'" + name.Replace("'", "''") + "'", name, CompletionResultType.ParameterValue, name));
            }
            return results;
        }
    }
}
