using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// Lets -Context (and -DestinationContext, -SourceContext) take the name of an account connected in this session, as
    /// Az cmdlets take a context's name: 'dcb' becomes the MediaAccount that Connect-MediaAccount -Name dcb returned.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class MediaAccountTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (!(value is string name)) return inputData;
            var found = SessionDefaults.Find(name);
            if (found != null) return MediaAccount.For(found);
            var connected = SessionDefaults.Connected().Select(c => c.Name).ToList();
            throw new ArgumentTransformationMetadataException(
                $"No media account named '{name}' is connected in this session " +
                (connected.Count == 0 ? "(none is). " : $"(connected: {string.Join(", ", connected)}). ") +
                $"Run Connect-MediaAccount -Name {name} first, or Get-MediaAccount to list the connected accounts.");
        }
    }

    /// <summary>Tab completion of -Context and the other account parameters with the names of the connected accounts.</summary>
    public sealed class MediaAccountNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var typed = (wordToComplete ?? "").Trim('\'', '"');
            var pattern = WildcardPattern.Get(typed + "*", WildcardOptions.IgnoreCase);
            return SessionDefaults.Connected()
                .Select(c => c.Name)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Where(pattern.IsMatch)
                .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, n))
                .ToList();
        }

        private static string Quote(string name) =>
            name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ';', '(', ')', '{', '}', ',', '@', '#' }) < 0 ? name : "'" + name.Replace("'", "''") + "'";
    }
}
