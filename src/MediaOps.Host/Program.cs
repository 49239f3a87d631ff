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
                    "origin" => await OriginCommand.RunAsync(CommandLine.Parse(rest, OriginCommand.Options)),
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
            "           [--work-directory <path>] [--work-queue <name, default mediaops-jobs>] [--verbose]\n" +
            WebhookCommandLine.Usage +
            "  origin   serve GET/HEAD /<locator guid>/<file> from the account's origin locators (streaming origin for a CDN)\n" +
            "           --connection-string <cs>   (or MEDIAOPS_CONNECTION_STRING)\n" +
            "           [--urls http://127.0.0.1:8080] [--cors-origin <origin>[,<origin>...], default any] [--name <display name>]\n" +
            "           GET /healthz answers 200 while the storage answers and 503 when it does not; one JSON line per request on stdout\n";

        private static int Fail(string message)
        {
            Console.Error.WriteLine(message);
            return 2;
        }
    }
}
