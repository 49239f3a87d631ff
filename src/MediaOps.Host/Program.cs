using System;
using System.Threading.Tasks;

namespace MediaOps.Host
{
    public static class Program
    {
        public static Task<int> Main(string[] args)
        {
            Console.Error.WriteLine("usage: mediaops worker --connection-string <cs> [--concurrency N]");
            return Task.FromResult(2);
        }
    }
}
