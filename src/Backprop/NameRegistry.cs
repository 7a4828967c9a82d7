using System.Text;

namespace Backprop;

/// <summary>Keras's automatic names: a class's snake_case name, then _1, _2, … for later instances in the session.</summary>
internal static class NameRegistry
{
    private static readonly Dictionary<string, int> Counts = [];
    private static readonly Lock Gate = new();

    public static string Unique(string baseName)
    {
        lock (Gate)
        {
            Counts.TryGetValue(baseName, out int seen);
            Counts[baseName] = seen + 1;
            return seen == 0 ? baseName : $"{baseName}_{seen}";
        }
    }

    public static void Clear()
    {
        lock (Gate) Counts.Clear();
    }

    /// <summary>"BatchNormalization" → "batch_normalization", as Keras's <c>to_snake_case</c>.</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
