namespace MediaOps.Testing.Browser
{
    /// <summary>The web players a stream is checked in: hls.js for HLS (.m3u8), dash.js for DASH (.mpd).</summary>
    public enum StreamPlayer
    {
        HlsJs,
        DashJs,
    }
}
