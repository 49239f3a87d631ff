using System;
using System.Text;
using MediaOps.Core.Storage;

namespace MediaOps.Core.Notifications
{
    /// <summary>Azure's rules for queue names, with messages that name the broken rule and a name that would work.</summary>
    internal static class QueueNames
    {
        public const int MinLength = 3;
        public const int MaxLength = 63;

        /// <summary>
        /// Longest name of a notification endpoint's queue: its poison queue <c>&lt;queue&gt;-poison</c> must itself be a
        /// valid queue name.
        /// </summary>
        public const int MaxEndpointQueueLength = MaxLength - 7;

        /// <summary>Throws <see cref="MediaErrorKind.InvalidArgument"/> when <paramref name="name"/> is not a valid queue name.</summary>
        public static string Validate(string? name)
        {
            var problem = Problem(name);
            if (problem != null)
            {
                throw new MediaOpsException(MediaErrorKind.InvalidArgument, problem, name);
            }
            return name!;
        }

        /// <summary>Why <paramref name="name"/> is not a valid queue name, with a fix; null when it is valid.</summary>
        public static string? Problem(string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return "A queue name is required: 3 to 63 lowercase letters, digits and single hyphens, for example 'jobnotifications'.";
            }

            var text = name!;
            var rule = Rule(text);
            if (rule == null) return null;

            var suggestion = Suggest(text);
            var fix = suggestion != null ? $" Use a name such as '{suggestion}'." : " Use a name such as 'jobnotifications'.";
            return $"'{text}' is not a valid queue name: {rule}.{fix}";
        }

        private static string? Rule(string text)
        {
            string? rule = null;
            if (text.Length < MinLength || text.Length > MaxLength)
            {
                rule = $"it is {text.Length} characters long; a queue name must be {MinLength} to {MaxLength} characters";
            }
            else
            {
                foreach (var c in text)
                {
                    if (c >= 'A' && c <= 'Z')
                    {
                        rule = "it contains uppercase letters; a queue name must be all lowercase";
                        break;
                    }
                    if (!IsAllowed(c))
                    {
                        rule = $"it contains '{c}'; a queue name may contain only lowercase letters (a-z), digits (0-9) and hyphens";
                        break;
                    }
                }
                if (rule == null && (text[0] == '-' || text[text.Length - 1] == '-'))
                {
                    rule = "it starts or ends with a hyphen; a queue name must start and end with a letter or a digit";
                }
                if (rule == null && text.IndexOf("--", StringComparison.Ordinal) >= 0)
                {
                    rule = "it contains consecutive hyphens; hyphens in a queue name must be single";
                }
            }
            return rule;
        }

        /// <summary>The poison queue of <paramref name="queueName"/>: <c>&lt;queue&gt;-poison</c>, shortened to stay a valid name.</summary>
        public static string Poison(string queueName)
        {
            var suffix = StorageNames.PoisonQueueSuffix;
            if (queueName.Length + suffix.Length <= MaxLength) return queueName + suffix;
            return queueName.Substring(0, MaxLength - suffix.Length).TrimEnd('-') + suffix;
        }

        private static bool IsAllowed(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';

        private static string? Suggest(string text)
        {
            var builder = new StringBuilder();
            foreach (var raw in text.Trim().ToLowerInvariant())
            {
                var c = IsAllowed(raw) ? raw : '-';
                if (c == '-' && (builder.Length == 0 || builder[builder.Length - 1] == '-')) continue;
                builder.Append(c);
            }
            var result = builder.ToString();
            if (result.Length > MaxEndpointQueueLength) result = result.Substring(0, MaxEndpointQueueLength);
            result = result.Trim('-');
            while (result.Length > 0 && result.Length < MinLength) result += "0";
            return Rule(result) == null ? result : null;
        }
    }
}
