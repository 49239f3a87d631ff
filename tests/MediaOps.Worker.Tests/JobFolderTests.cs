using System;
using System.IO;
using System.Linq;
using MediaOps.Worker;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Worker.Tests
{
    public sealed class JobFolderTests : IDisposable
    {
        private readonly string _work = TestMedia.NewTempDirectory("jobfolders");

        public void Dispose() => Directory.Delete(_work, recursive: true);

        [Fact]
        public void A_folder_whose_lock_nobody_holds_is_removed_whatever_its_age_and_a_held_one_is_kept()
        {
            using var running = JobFolder.Create(_work, Guid.NewGuid());
            File.WriteAllText(Path.Combine(running.Path, "input.mp4"), "partial");
            // What a killed worker leaves: its folder and its lock file, the lock let go by the operating system.
            var abandoned = Path.Combine(_work, Guid.NewGuid().ToString("N") + "-abc123");
            Directory.CreateDirectory(Path.Combine(abandoned, "output"));
            File.WriteAllText(Path.Combine(abandoned, "output", "media_0.mp4"), "partial");
            File.WriteAllText(abandoned + ".lock", "");
            var lockWithoutFolder = Path.Combine(_work, Guid.NewGuid().ToString("N") + "-def456.lock");
            File.WriteAllText(lockWithoutFolder, "");
            var unrelated = Path.Combine(_work, "not-a-job-folder");
            Directory.CreateDirectory(unrelated);

            var removed = JobFolder.RemoveAbandoned(_work);

            Assert.Equal(new[] { Path.GetFileName(abandoned) }, removed);
            Assert.False(Directory.Exists(abandoned));
            Assert.False(File.Exists(abandoned + ".lock"));
            Assert.False(File.Exists(lockWithoutFolder));
            Assert.True(File.Exists(Path.Combine(running.Path, "input.mp4")));
            Assert.True(Directory.Exists(unrelated));
        }

        [Fact]
        public void Disposing_a_job_folder_removes_it_and_its_lock_file()
        {
            var folder = JobFolder.Create(_work, Guid.NewGuid());
            Directory.CreateDirectory(Path.Combine(folder.Path, "output"));
            File.WriteAllText(Path.Combine(folder.Path, "output", "manifest.mpd"), "x");

            folder.Dispose();

            Assert.Empty(Directory.EnumerateFileSystemEntries(_work));
        }
    }
}
