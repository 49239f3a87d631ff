using System;
using System.Threading.Tasks;

namespace MediaOps.Host
{
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                Console.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }

            var verb = args[0];
            var rest = args[1..];
            try
            {
                return verb switch
                {
                    "worker" => await WorkerCommand.RunAsync(CommandLine.Parse(rest, WorkerCommand.Options)),
                    _ => Fail($"Unknown command '{verb}'.\n\n{Usage}"),
                };
            }
            catch (CommandLineException ex)
            {
                return Fail($"{ex.Message}\n\n{Usage}");
            }
        }

        public const string Usage =
            "usage: mediaops <command> [options]\n\n" +
            "commands:\n" +
            "  worker   run encoding jobs from an account's work queue\n" +
            "           --connection-string <cs>   (or the MEDIAOPS_CONNECTION_STRING environment variable, which keeps the key out of the process list)\n" +
            "           [--name <display name>] [--concurrency N] [--visibility-timeout <seconds>] [--max-delivery-count N]\n" +
            "           [--work-directory <path>] [--work-queue <name, default mediaops-jobs>] [--verbose]\n";

        private static int Fail(string message)
        {
            Console.Error.WriteLine(message);
            return 2;
        }
    }
}
