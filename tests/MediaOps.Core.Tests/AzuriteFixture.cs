using System;
using System.Threading.Tasks;
using MediaOps.Core.Accounts;
using MediaOps.Core.Models;
using MediaOps.Testing;
using Xunit;

namespace MediaOps.Core.Tests
{
    /// <summary>One Azurite for the whole test run, with the two accounts dca and dcb.</summary>
    public sealed class AzuriteFixture : IAsyncLifetime
    {
        private AzuriteInstance? _azurite;

        public AzuriteInstance Azurite => _azurite ?? throw new InvalidOperationException("Azurite is not started.");

        public MediaAccountContext Dca(MediaClientOptions? options = null) => Azurite.Context("dca", options: options);

        public MediaAccountContext Dcb(MediaClientOptions? options = null) => Azurite.Context("dcb", options: options);

        public async Task InitializeAsync() => _azurite = await AzuriteInstance.StartAsync();

        public Task DisposeAsync()
        {
            _azurite?.Dispose();
            return Task.CompletedTask;
        }
    }

    [CollectionDefinition(Name)]
    public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
    {
        public const string Name = "Azurite";
    }
}
