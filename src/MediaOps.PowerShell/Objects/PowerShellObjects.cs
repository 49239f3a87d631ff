using CoreAsset = MediaOps.Core.Models.MediaAsset;
using CoreContext = MediaOps.Core.Accounts.MediaAccountContext;
using CoreEndpoint = MediaOps.Core.Models.NotificationEndpoint;
using CoreJob = MediaOps.Core.Models.MediaJob;
using CoreLocator = MediaOps.Core.Models.MediaLocator;
using CoreNotification = MediaOps.Core.Models.MediaNotification;

namespace MediaOps.PowerShell
{
    /// <summary>What the cmdlets write for each of Core's results: the module's own object around it.</summary>
    internal static class PowerShellObjects
    {
        public static object Wrap(object result)
        {
            switch (result)
            {
                case CoreJob job: return new MediaJob(job);
                case CoreAsset asset: return new MediaAsset(asset);
                case CoreLocator locator: return new MediaLocator(locator);
                case CoreEndpoint endpoint: return new NotificationEndpoint(endpoint);
                case CoreNotification notification: return new MediaNotification(notification);
                case CoreContext context: return MediaAccount.For(context);
                default: return result;
            }
        }
    }
}
