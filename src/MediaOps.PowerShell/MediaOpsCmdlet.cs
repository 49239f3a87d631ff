using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MediaOps.Core;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;

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
                if (candidate != null) return candidate.Core;
            }
            var fallback = SessionDefaults.Get();
            if (fallback != null) return fallback;
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
        /// Core's result or rethrows its exception. After Ctrl+C, Core's token is canceled and this returns (by
        /// <see cref="PipelineStoppedException"/>) within a second even if Core is slow to notice.
        /// </summary>
        protected T Run<T, TProgress>(Func<IProgress<TProgress>, CancellationToken, Task<T>> operation, Action<TProgress>? onProgress)
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
            if (exception.Kind == MediaErrorKind.StorageUnreachable || exception.Kind == MediaErrorKind.AuthenticationFailed)
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
        {
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
            foreach (var item in items) WriteResult(item!);
            if (items.Count == 0 && reportNoMatch && name != null && !Wildcard.ContainsWildcard(name))
            {
                WriteItemError(new MediaOpsException(MediaErrorKind.NotFound, noMatchMessage, name), name);
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
