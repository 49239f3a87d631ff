using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace MediaOps.Worker
{
    /// <summary>
    /// A job's folder in the work directory, <c>&lt;job guid&gt;-&lt;random&gt;</c>, held through an exclusive lock on the
    /// sibling file <c>&lt;name&gt;.lock</c>: the lock is taken before the folder is made and let go after it is removed, and
    /// the operating system lets go of it when the process dies. So a folder whose lock can be taken belongs to no live
    /// worker, however young or old it is.
    /// </summary>
    internal sealed class JobFolder : IDisposable
    {
        private const string LockSuffix = ".lock";
        private static readonly Regex FolderName = new Regex("^[0-9a-f]{32}-[0-9a-f]{6}$", RegexOptions.CultureInvariant);

        private readonly FileStream _lock;
        private readonly string _lockPath;

        private JobFolder(string path, string lockPath, FileStream held)
        {
            Path = path;
            _lockPath = lockPath;
            _lock = held;
        }

        public string Path { get; }

        public static JobFolder Create(string workDirectory, Guid jobGuid)
        {
            Directory.CreateDirectory(workDirectory);
            var path = System.IO.Path.Combine(workDirectory, jobGuid.ToString("N") + "-" + Guid.NewGuid().ToString("N").Substring(0, 6));
            var lockPath = path + LockSuffix;
            var held = TryLock(lockPath) ?? throw new IOException($"The lock file '{lockPath}' of a new job folder is held by another process.");
            try
            {
                Directory.CreateDirectory(path);
            }
            catch
            {
                held.Dispose();
                throw;
            }
            return new JobFolder(path, lockPath, held);
        }

        /// <summary>Removes the folder, then lets go of its lock and removes the lock file.</summary>
        public void Dispose()
        {
            TryDeleteDirectory(Path);
            _lock.Dispose();
            TryDeleteFile(_lockPath);
        }

        /// <summary>
        /// Removes the job folders (and lock files) in <paramref name="workDirectory"/> whose lock no live process holds: those
        /// of workers that were killed. Other files and folders are left alone. Returns the names of the folders removed.
        /// </summary>
        public static IReadOnlyList<string> RemoveAbandoned(string workDirectory)
        {
            var removed = new List<string>();
            if (!Directory.Exists(workDirectory)) return removed;
            var names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var directory in Directory.EnumerateDirectories(workDirectory))
            {
                var name = System.IO.Path.GetFileName(directory);
                if (FolderName.IsMatch(name)) names.Add(name);
            }
            foreach (var file in Directory.EnumerateFiles(workDirectory, "*" + LockSuffix))
            {
                var name = System.IO.Path.GetFileName(file);
                name = name.Substring(0, name.Length - LockSuffix.Length);
                if (FolderName.IsMatch(name)) names.Add(name);
            }
            foreach (var name in names)
            {
                var path = System.IO.Path.Combine(workDirectory, name);
                var lockPath = path + LockSuffix;
                using (var held = TryLock(lockPath))
                {
                    if (held is null) continue;
                    if (Directory.Exists(path))
                    {
                        TryDeleteDirectory(path);
                        removed.Add(name);
                    }
                }
                TryDeleteFile(lockPath);
            }
            return removed;
        }

        /// <summary>The lock file opened for this process alone, or null when another process holds it.</summary>
        private static FileStream? TryLock(string lockPath)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                return null;
            }
        }

        private static void TryDeleteDirectory(string path)
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static void TryDeleteFile(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
