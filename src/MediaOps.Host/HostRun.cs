using System;
using System.Threading.Tasks;
using MediaOps.Core;

namespace MediaOps.Host
{
    internal static class HostRun
    {
        public const int BadSettings = 2;
        public const int Failed = 1;

        /// <summary>Runs a command; settings it cannot use are exit code 2 and an account it cannot use is 1, each with the reason on stderr.</summary>
        public static async Task<int> GuardAsync(Func<Task<int>> run)
        {
            try
            {
                return await run();
            }
            catch (HostSettingsException ex)
            {
                Console.Error.WriteLine(ex.Message + " See 'mediaops <command> --help'.");
                return BadSettings;
            }
            catch (MediaOpsException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return Failed;
            }
        }
    }
}
