using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Core.Storage;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// What every MediaOps cmdlet shares: the session's default account, running one Core call on a worker thread
    /// while the pipeline thread writes its progress, cancellation on Ctrl+C, and <see cref="MediaOpsException"/>s
    /// turned into error records with ids <c>&lt;Verb&gt;&lt;Noun&gt;&lt;Condition&gt;</c>.
    /// </summary>
    public abstract class MediaOpsCmdlet : PSCmdlet, IDisposable
    {
        internal const string NoContextMessage = "No media account is connected. Run Connect-MediaAccount first.";

        /// <summary>How long a stopped cmdlet waits for Core to notice the cancellation before it returns anyway.</summary>
        private static readonly TimeSpan StopGrace = TimeSpan.FromMilliseconds(750);

        private static readonly TimeSpan PumpInterval = TimeSpan.FromMilliseconds(100);

        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private string? _errorIdPrefix;
        private MediaAccountContext? _lastContext;

        /// <summary>Canceled when the user presses Ctrl+C or the pipeline is stopped.</summary>
        protected CancellationToken CancellationToken => _cancellation.Token;

        /// <summary><c>VerbNoun</c> of this cmdlet, the prefix of its error ids.</summary>
        protected string ErrorIdPrefix
        {
            get
            {
                if (_errorIdPrefix is null)
                {
                    var attributes = GetType().GetCustomAttributes(typeof(CmdletAttribute), false);
                    _errorIdPrefix = attributes.Length > 0 && attributes[0] is CmdletAttribute cmdlet
                        ? cmdlet.VerbName + cmdlet.NounName
                        : GetType().Name.Replace("Command", "");
                }
                return _errorIdPrefix;
            }
        }

        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (disposing) _cancellation.Dispose();
        }

        /// <summary>
        /// The account to work in: the first non-null of <paramref name="candidates"/> (the -Context parameter, then the
        /// account carried by a piped or given object), else the session's default; a terminating
        /// <c>&lt;Verb&gt;&lt;Noun&gt;NoContext</c> error when there is none.
        /// </summary>
        protected MediaAccountContext ResolveContext(params MediaAccount?[] candidates)
        {
            foreach (var candidate in candidates)
            {
                if (candidate != null) return _lastContext = candidate.Core;
            }
            var fallback = SessionDefaults.Get();
            if (fallback != null) return _lastContext = fallback;
            Terminate(new ErrorRecord(new InvalidOperationException(NoContextMessage), ErrorIdPrefix + "NoContext",
                ErrorCategory.InvalidOperation, null));
            return null!;
        }

        /// <summary>Runs one Core call to completion on a worker thread; see <see cref="Run{T, TProgress}"/>.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> operation) =>
            Run<T, object>((_, token) => operation(token), null);

        /// <summary>Runs one Core call that returns nothing; see <see cref="Run{T, TProgress}"/>.</summary>
        protected void Run(Func<CancellationToken, Task> operation) =>
            Run<bool, object>(async (_, token) =>
            {
                await operation(token).ConfigureAwait(false);
                return true;
            }, null);

        /// <summary>
        /// Runs one Core call on a worker thread. Meanwhile this (the pipeline) thread hands every progress report, in
        /// order, to <paramref name="onProgress"/>, which may write to the pipeline; no other thread ever does. Returns
        /// Core's result or rethrows its exception. <paramref name="onTick"/>, when given, is called on this thread about every
        /// 100 ms while the operation runs (for a live clock). After Ctrl+C, Core's token is canceled and this returns (by
        /// <see cref="PipelineStoppedException"/>) within a second even if Core is slow to notice.
        /// </summary>
        protected T Run<T, TProgress>(Func<IProgress<TProgress>, CancellationToken, Task<T>> operation, Action<TProgress>? onProgress, Action? onTick = null)
        {
            var token = _cancellation.Token;
            if (token.IsCancellationRequested) throw new PipelineStoppedException();

            using var queue = new ProgressQueue<TProgress>();
            var task = Task.Run(() => operation(queue, token), token);
            // An operation abandoned after Ctrl+C may still fail later; observe that so it is not reported as unobserved.
            task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted,
                TaskScheduler.Default);
            var handles = new[] { ((IAsyncResult)task).AsyncWaitHandle, queue.Signal };
            try
            {
                while (!task.IsCompleted)
                {
                    if (token.IsCancellationRequested)
                    {
                        ((IAsyncResult)task).AsyncWaitHandle.WaitOne(StopGrace);
                        throw new PipelineStoppedException();
                    }
                    WaitHandle.WaitAny(handles, PumpInterval);
                    Drain(queue, onProgress);
                    if (!task.IsCompleted) onTick?.Invoke();
                }
                Drain(queue, onProgress);
                try
                {
                    return task.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }
                catch (Exception ex) when (!(ex is MediaOpsException) && !(ex is OperationCanceledException)
                                           && _lastContext != null && StorageFailures.Translate(_lastContext, ex) is MediaOpsException translated)
                {
                    // A storage failure that Core did not expect there: still a MediaOps error naming endpoint, status and fix.
                    throw translated;
                }
            }
            finally
            {
                // Leaving early (Ctrl+C, or a terminating error written from onProgress): Core must stop too.
                if (!task.IsCompleted) _cancellation.Cancel();
            }
        }

        /// <summary>
        /// Runs <paramref name="action"/> for each item; a <see cref="MediaOpsException"/> about one item becomes a
        /// non-terminating error and the next item is tried (see <see cref="WriteItemError"/>).
        /// </summary>
        protected void ForEachItem<TItem>(IEnumerable<TItem>? items, Action<TItem> action)
        {
            if (items is null) return;
            foreach (var item in items)
            {
                try
                {
                    action(item);
                }
                catch (MediaOpsException ex)
                {
                    WriteItemError(ex, item);
                }
            }
        }

        /// <summary>
        /// Reads each item by its id in its account and writes what storage holds now: the Get-* cmdlets' -Id and piped
        /// object sets. An item that cannot be read is a non-terminating error about that item (see <see cref="ForEachItem"/>).
        /// </summary>
        protected void WriteEachRead<TItem, TResult>(
            IEnumerable<TItem>? items, Func<TItem, string> idOf, Func<TItem, MediaAccountContext> contextOf, string what,
            Func<MediaAccountContext, string, CancellationToken, Task<TResult>> read)
        {
            ForEachItem(items, item =>
            {
                var id = idOf(item);
                var context = contextOf(item);
                WriteVerbose($"Reading {what} {id} of account '{context.Name}'.");
                WriteResult(Run(token => read(context, id, token))!);
            });
        }

        /// <summary>
        /// Reports a failure about one item as a non-terminating error, except when the account itself cannot be used
        /// (unreachable, credentials refused): then nothing else can succeed and the error is terminating.
        /// </summary>
        protected void WriteItemError(MediaOpsException exception, object? target)
        {
            var record = ErrorRecordFor(exception, target);
            if (exception.Kind == MediaErrorKind.StorageUnreachable || exception.Kind == MediaErrorKind.AuthenticationFailed
                || exception.Kind == MediaErrorKind.StorageRejected)
            {
                Terminate(record);
            }
            WriteError(record);
        }

        /// <summary>
        /// Writes what a listing found. A listing that fails ends the command; a plain name (no wildcards) that matched
        /// nothing is a not-found error, as Get-Process reports a name with no process.
        /// </summary>
        protected void WriteListing<T>(Func<CancellationToken, Task<IReadOnlyList<T>>> list, string? name, bool reportNoMatch, string noMatchMessage)
            => WriteListing(list, name, null, reportNoMatch, noMatchMessage);

        /// <summary>
        /// As <see cref="WriteListing{T}(Func{CancellationToken, Task{IReadOnlyList{T}}}, string?, bool, string)"/>, keeping
        /// only the items whose <paramref name="nameOf"/> matches <paramref name="name"/> as PowerShell's own wildcards
        /// (WildcardPattern, case-insensitive); a pattern that is not valid is an InvalidArgument error before anything is read.
        /// </summary>
        protected void WriteListing<T>(Func<CancellationToken, Task<IReadOnlyList<T>>> list, string? name, Func<T, string>? nameOf,
            bool reportNoMatch, string noMatchMessage)
        {
            var pattern = name is null || nameOf is null ? null : ValidWildcard(name, "Name");
            IReadOnlyList<T> items;
            try
            {
                items = Run(list);
            }
            catch (MediaOpsException ex)
            {
                TerminateWith(ex, name);
                return;
            }
            if (pattern != null) items = items.Where(item => pattern.IsMatch(nameOf!(item) ?? "")).ToList();
            foreach (var item in items) WriteResult(item!);
            if (items.Count == 0 && reportNoMatch && name != null && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteItemError(new MediaOpsException(MediaErrorKind.NotFound, noMatchMessage, name), name);
            }
        }

        /// <summary>
        /// <paramref name="pattern"/> as a PowerShell wildcard pattern (case-insensitive); a terminating
        /// <c>&lt;Verb&gt;&lt;Noun&gt;InvalidArgument</c> error when it is not a valid pattern (such as 'x[').
        /// </summary>
        protected WildcardPattern ValidWildcard(string pattern, string parameterName)
        {
            var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            try
            {
                wildcard.IsMatch("");
            }
            catch (WildcardPatternException ex)
            {
                TerminateWith(new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"-{parameterName} '{pattern}' is not a valid wildcard pattern ({ex.Message}) Escape a literal [ or ] with a backtick (`[), or use * and ? only.",
                    pattern, ex));
            }
            return wildcard;
        }

        /// <summary>
        /// For each of <paramref name="patterns"/> (PowerShell wildcards; an invalid one is InvalidArgument), hands every
        /// candidate whose name matches to <paramref name="onMatch"/>, once; a plain name that matches nothing is a
        /// non-terminating <c>&lt;Verb&gt;&lt;Noun&gt;NotFound</c> error with <paramref name="notFound"/>'s message.
        /// For the lists the session itself holds (connected accounts, built-in presets).
        /// </summary>
        protected void ForEachNameMatch<T>(IEnumerable<string> patterns, IReadOnlyList<T> candidates, Func<T, string> nameOf,
            Action<T> onMatch, Func<string, string> notFound)
        {
            var done = new HashSet<T>();
            foreach (var name in patterns)
            {
                var pattern = ValidWildcard(name, "Name");
                var matches = candidates.Where(c => pattern.IsMatch(nameOf(c))).ToList();
                foreach (var match in matches)
                {
                    if (done.Add(match)) onMatch(match);
                }
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException(notFound(name)), ErrorIdPrefix + "NotFound", ErrorCategory.ObjectNotFound, name));
                }
            }
        }

        /// <summary>Writes one of Core's results to the pipeline as the module's own object (see <see cref="PowerShellObjects"/>).</summary>
        protected void WriteResult(object result) => WriteObject(PowerShellObjects.Wrap(result));

        /// <summary>Ends the command with a terminating error for <paramref name="exception"/>.</summary>
        [DoesNotReturn]
        protected void TerminateWith(MediaOpsException exception, object? target = null) =>
            Terminate(ErrorRecordFor(exception, target));

        [DoesNotReturn]
        protected void Terminate(ErrorRecord record)
        {
            ThrowTerminatingError(record);
            throw new PipelineStoppedException(); // not reached: ThrowTerminatingError always throws.
        }

        /// <summary>An error record with id <c>&lt;Verb&gt;&lt;Noun&gt;&lt;Condition&gt;</c> and the category of the error's kind.</summary>
        /// <remarks>A locator is named by its id: the object's Path may hold a SAS signature, and a TargetObject is kept in
        /// $Error and serialized into runbook job streams.</remarks>
        protected ErrorRecord ErrorRecordFor(MediaOpsException exception, object? target) =>
            new ErrorRecord(exception, ErrorIdPrefix + ErrorMapping.ConditionOf(exception.Kind),
                ErrorMapping.CategoryOf(exception.Kind), NameOf(target) ?? exception.Target);

        private static object? NameOf(object? target) => target switch
        {
            MediaLocator locator => locator.Id,
            Core.Models.MediaLocator locator => locator.Id,
            _ => target,
        };

        /// <summary>
        /// ShouldProcess for one item, right before its side effect; with <paramref name="force"/> (and no -Confirm) there
        /// is no confirmation prompt, while -WhatIf still only says what would happen. A prompt this host cannot show
        /// (pwsh -NonInteractive, a scheduled task, a runbook) is the error <c>&lt;Verb&gt;&lt;Noun&gt;ConfirmationRequired</c>
        /// naming -Force, which ends the script as a 'throw' would; the item is left alone.
        /// </summary>
        protected bool ShouldProcessItem(string target, string action, bool force)
        {
            var bound = MyInvocation.BoundParameters;
            var confirmAsked = bound.TryGetValue("Confirm", out var confirm) && confirm is SwitchParameter c && c.IsPresent;
            if (force && !confirmAsked)
            {
                var whatIf = bound.TryGetValue("WhatIf", out var w) ? w is SwitchParameter s && s.IsPresent
                    : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
                if (whatIf) return ShouldProcess(target, action);
                WriteVerbose($"{action}: {target} (-Force: not confirmed).");
                return true;
            }
            try
            {
                return ShouldProcess(target, action);
            }
            catch (Exception ex) when (ex is System.Management.Automation.Host.HostException || ex is PSInvalidOperationException || ex is NotImplementedException)
            {
                var message = $"{action} ({target}) must be confirmed, and this session cannot ask ({ex.Message}) " +
                              "Pass -Force to go ahead without a prompt, or -WhatIf to see what would be done.";
                var record = new ErrorRecord(new InvalidOperationException(message, ex), ErrorIdPrefix + "ConfirmationRequired",
                    ErrorCategory.InvalidOperation, target);
                // As a script's 'throw': it ends the script (a scheduled 'pwsh -File' exits non-zero) unless caught, rather
                // than leaving an error the script runs past; nothing more of the pipeline is done.
                throw new RuntimeException(message, ex, record) { WasThrownFromThrowStatement = true };
            }
        }

        /// <summary>
        /// The files of -Path (PowerShell wildcards expanded: each pattern must match at least one file) or, with
        /// <paramref name="literal"/>, of -LiteralPath (taken as written), resolved against the current location.
        /// </summary>
        protected List<string> ResolveLocalPaths(IEnumerable<string> paths, bool literal)
        {
            var result = new List<string>();
            foreach (var path in paths)
            {
                if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
                {
                    result.Add(ResolveLocalPath(path));
                    continue;
                }
                Collection<string> matches;
                ProviderInfo provider;
                try
                {
                    matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                }
                catch (ItemNotFoundException)
                {
                    throw new MediaOpsException(MediaErrorKind.NotFound,
                        $"No file matches '{path}'. Check the pattern, or pass a file name that contains [ or ] with -LiteralPath.", path);
                }
                catch (Exception ex) when (ex is SessionStateException || ex is ProviderInvocationException || ex is WildcardPatternException
                                           || ex is NotSupportedException || ex is ArgumentException)
                {
                    throw new MediaOpsException(MediaErrorKind.InvalidArgument, $"'{path}' is not a valid path pattern: {ex.Message}", path);
                }
                if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                {
                    throw new MediaOpsException(MediaErrorKind.InvalidArgument, $"'{path}' is a {provider.Name} path; give the path of a file on disk.", path);
                }
                if (matches.Count == 0)
                {
                    throw new MediaOpsException(MediaErrorKind.NotFound,
                        $"No file matches '{path}'. Check the pattern, or pass a file name that contains [ or ] with -LiteralPath.", path);
                }
                var files = matches.Where(m => !System.IO.Directory.Exists(m)).ToList();
                if (files.Count == 0)
                {
                    throw new MediaOpsException(MediaErrorKind.NotFound, $"'{path}' matches only folders, no file.", path);
                }
                WriteVerbose($"'{path}' matches {files.Count} file(s).");
                result.AddRange(files);
            }
            return result;
        }

        /// <summary>Resolves a path against the current PowerShell location; only file system paths are accepted.</summary>
        protected string ResolveLocalPath(string path)
        {
            if (Uri.TryCreate(path, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                // Only the part before the query is repeated: a URL here may be a SAS locator's Path, signature included.
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"'{url.GetLeftPart(UriPartial.Path)}' is a URL, not a file path. Give the path of a file on disk; to encode an asset, pass its id with -InputAsset.",
                    url.GetLeftPart(UriPartial.Path));
            }
            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (Exception ex) when (ex is SessionStateException || ex is ProviderInvocationException
                                       || ex is NotSupportedException || ex is ArgumentException)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument, $"'{path}' is not a valid file path: {ex.Message}", path);
            }
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument,
                    $"'{path}' is a {provider.Name} path; give the path of a file on disk.", path);
            }
            return resolved;
        }

        /// <summary>Removes a progress bar; skipped once the pipeline is stopping (writing would only throw again).</summary>
        protected void WriteProgressCompleted(ProgressRecord record)
        {
            if (!CancellationToken.IsCancellationRequested) WriteProgress(record);
        }

        private static void Drain<TProgress>(ProgressQueue<TProgress> queue, Action<TProgress>? onProgress)
        {
            while (queue.TryDequeue(out var item))
            {
                onProgress?.Invoke(item);
            }
        }
    }
}
