namespace Backprop.Metrics;

/// <summary>F1 = Fβ with β = 1.</summary>
public sealed class F1Score(string average = "macro", float threshold = 0.5f, string name = "f1_score") : FBetaScore(average, 1f, threshold, name);
