using System.Text;
using System.Text.RegularExpressions;

namespace MediaOps.Core
{
    /// <summary>PowerShell-style wildcards (<c>*</c>, <c>?</c>, <c>[abc]</c>), case-insensitive.</summary>
    public static class Wildcard
    {
        public static bool ContainsWildcard(string? pattern) =>
            pattern != null && pattern.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

        public static bool IsMatch(string? pattern, string text)
        {
            if (string.IsNullOrEmpty(pattern)) return true;
            var regex = new StringBuilder("^");
            foreach (var c in pattern!)
            {
                switch (c)
                {
                    case '*': regex.Append(".*"); break;
                    case '?': regex.Append('.'); break;
                    case '[': regex.Append('['); break;
                    case ']': regex.Append(']'); break;
                    default: regex.Append(Regex.Escape(c.ToString())); break;
                }
            }
            regex.Append('$');
            return Regex.IsMatch(text, regex.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }
    }
}
