using System.CommandLine;
using System.Threading.Tasks;

namespace MediaOps.Host
{
    public static class Program
    {
        public static Task<int> Main(string[] args)
        {
            var root = new RootCommand(
                "mediaops: the MediaOps services over one storage account. Every option can also be given as an environment " +
                "variable MEDIAOPS_<OPTION> (for example MEDIAOPS_CONNECTION_STRING, which keeps the account key out of the process list).")
            {
                WorkerCommand.Create(),
                OriginCommand.Create(),
            };
            // Ctrl+C and SIGTERM belong to the Generic Host's console lifetime, which stops the services in order.
            return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
        }
    }
}
