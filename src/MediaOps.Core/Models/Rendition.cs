namespace MediaOps.Core.Models
{
    /// <summary>One rung of the encoded ladder, as it was actually produced for the input.</summary>
    public sealed class Rendition
    {
        public Rendition(string name, int width, int height, int videoBitrateKbps, int? audioBitrateKbps)
        {
            Name = name;
            Width = width;
            Height = height;
            VideoBitrateKbps = videoBitrateKbps;
            AudioBitrateKbps = audioBitrateKbps;
        }

        /// <summary>The rung's name, for example <c>720p</c>.</summary>
        public string Name { get; }

        public int Width { get; }

        public int Height { get; }

        public int VideoBitrateKbps { get; }

        /// <summary>The bitrate of the audio that plays with this rung; null when the output has no audio.</summary>
        public int? AudioBitrateKbps { get; }

        public override string ToString() => $"{Name} {Width}x{Height} {VideoBitrateKbps} kbps";
    }
}
