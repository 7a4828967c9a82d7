namespace Backprop.Metrics;

/// <summary>F1 = Fβ with β = 1 (Keras's F1Score: average null, threshold null by default).</summary>
public sealed class F1Score(string? average = null, float? threshold = null, string name = "f1_score") : FBetaScore(average, 1f, threshold, name);
