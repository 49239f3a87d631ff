using System;

namespace MediaOps.Worker.Models
{
    /// <summary>How far an encode is. Reports are monotonic and the last one of a successful encode is 100.</summary>
    public sealed class EncodingProgress
    {
        public EncodingProgress(double percent, TimeSpan position, double? speed)
        {
            Percent = percent;
            Position = position;
            Speed = speed;
        }

        /// <summary>0 to 100.</summary>
        public double Percent { get; }

        /// <summary>How much of the input has been encoded.</summary>
        public TimeSpan Position { get; }

        /// <summary>Encoding speed as a multiple of real time (ffmpeg's <c>speed</c>), when known.</summary>
        public double? Speed { get; }

        public override string ToString() => $"{Percent:0.0}% at {Position}" + (Speed is double s ? $" ({s:0.##}x)" : string.Empty);
    }
}
