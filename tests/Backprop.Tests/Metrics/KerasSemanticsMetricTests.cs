using Backprop.Layers;
using Backprop.Metrics;

namespace Backprop.Tests.Metrics;

/// <summary>
/// The metric semantics an audit against Keras 3 found different: non-zero labels are positive, AUC clips, Fβ's
/// defaults (per class, argmax rule), Mean's sample weights, unweighted compiled metrics beside weighted_metrics, and
/// clear errors for labels that do not fit. Expected values are worked by hand from Keras's formulas or its docstrings.
/// </summary>
public class KerasSemanticsMetricTests
{
    private static Tensor Row(params float[] v) => Tensor.FromArray(v, v.Length);

    [Fact]
    public void PrecisionAndRecallCountEveryNonZeroLabelAsPositive()
    {
        // labels 2, 0, −1, 0: positives at 0 and 2 (Keras casts to bool); predictions above 0.5 at 0 and 1.
        Tensor y = Row(2, 0, -1, 0), p = Row(0.9f, 0.9f, 0.2f, 0.1f);
        var precision = new Precision();
        precision.UpdateState(y, p);
        var recall = new Recall();
        recall.UpdateState(y, p);
        Assert.Equal(0.5f, precision.Result());   // TP 1, FP 1
        Assert.Equal(0.5f, recall.Result());      // TP 1, FN 1 (the −1 label); it read 1 when only labels > 0.5 counted
    }

    [Fact]
    public void KerasDocstringSampleWeightsPerElementOfA1DBatch()
    {
        // keras/src/metrics/confusion_metrics.py, Precision: [0,1,1,1] vs [1,0,1,1] → 2/3; with sample_weight [0,0,1,0] → 1.
        var m = new Precision();
        m.UpdateState(Row(0, 1, 1, 1), Row(1, 0, 1, 1), Row(0, 0, 1, 0));
        Assert.Equal(1f, m.Result());
    }

    [Fact]
    public void AucClipsPredictionsToTheUnitInterval()
    {
        // 1.5 and 1.2 both clip to 1: a tie, so ROC AUC is ½ (Mann–Whitney with ties). Unclipped, both lay above every
        // threshold and the curve collapsed to one point: 0.
        var auc = new AUC();
        auc.UpdateState(Row(1, 0), Row(1.5f, 1.2f));
        Assert.Equal(0.5f, auc.Result(), 6);
        var below = new AUC();
        below.UpdateState(Row(0, 1), Row(-3f, -0.5f));
        Assert.Equal(0.5f, below.Result(), 6);
    }

    [Fact]
    public void AucTreatsNonZeroLabelsAsPositiveAndHonoursWeights()
    {
        // Label 3 counts as positive: a perfect ranking. Weight 0 on the misranked pair's negative removes it.
        var auc = new AUC();
        auc.UpdateState(Row(0, 3, 0), Row(0.1f, 0.8f, 0.9f), Row(1, 1, 0));
        Assert.Equal(1f, auc.Result(), 5);
    }

    [Fact]
    public void F1DefaultsArePerClassWithTheArgmaxRule()
    {
        var f1 = new F1Score();
        Assert.Null(f1.Average);
        Assert.Null(f1.Threshold);
        // Argmax picks class 0, 0, 2: class 0 TP 1 FP 1 → F1 2/3; class 1 TP 0 → 0; class 2 TP 1 → 1.
        f1.UpdateState(Tensor.FromArray(new float[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }),
            Tensor.FromArray(new float[,] { { 0.6f, 0.3f, 0.1f }, { 0.5f, 0.4f, 0.1f }, { 0.2f, 0.2f, 0.6f } }));
        float[] perClass = f1.ResultPerClass();
        Assert.Equal(2 / 3.0, perClass[0], 5);
        Assert.Equal(0, perClass[1], 6);
        Assert.Equal(1, perClass[2], 5);
        Assert.Equal((2 / 3.0 + 1) / 3, f1.Result(), 5);
    }

    [Fact]
    public void F1ArgmaxRuleCountsTiesAndNotAllZeroRows()
    {
        var f1 = new F1Score(average: "micro");
        // Row 0: a tie, both classes predicted (TP for class 0, FP for class 1); row 1: all zeros, nothing predicted (FN).
        f1.UpdateState(Tensor.FromArray(new float[,] { { 1, 0 }, { 0, 1 } }), Tensor.FromArray(new float[,] { { 0.5f, 0.5f }, { 0, 0 } }));
        // Pooled: TP 1, FP 1, FN 1 → precision ½, recall ½, F1 ½.
        Assert.Equal(0.5f, f1.Result(), 5);
    }

    [Fact]
    public void FBetaUsesLabelValuesAsKerasDoes()
    {
        // A soft label 0.3 with a positive prediction: TP 0.3, FP 0.7 → precision 0.3, recall 1 → F1 = 0.6/1.3.
        var f1 = new F1Score(threshold: 0.5f);
        f1.UpdateState(Tensor.FromArray(new float[,] { { 0.3f } }), Tensor.FromArray(new float[,] { { 0.9f } }));
        Assert.Equal(0.6 / 1.3, f1.ResultPerClass()[0], 5);
    }

    [Fact]
    public void FBetaRefusesBadArguments()
    {
        Assert.Contains("threshold", Assert.Throws<ArgumentException>(() => new FBetaScore(threshold: 1.5f)).Message);
        Assert.Contains("beta", Assert.Throws<ArgumentException>(() => new FBetaScore(beta: 0f)).Message);
        Assert.Contains("[3, 2]", Assert.Throws<ArgumentException>(() => new F1Score().UpdateState(Tensor.Zeros(3, 2), Tensor.Zeros(3, 3))).Message);
    }

    [Fact]
    public void MeanHonoursSampleWeights()
    {
        // keras/src/metrics/reduction_metrics.py, Mean: update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0]) → 2.
        var mean = new Mean();
        mean.UpdateState(Row(0, 0, 0, 0), Row(1, 3, 5, 7), Row(1, 1, 0, 0));
        Assert.Equal(2f, mean.Result());
        Assert.Throws<ArgumentException>(() => mean.UpdateState(Row(0), Row(1, 3, 5, 7), Row(1, 1, 0)));
    }

    private static Sequential LinearModel(float w)
    {
        var model = new Sequential(new Input(1), new Dense(1));
        model.SetWeights([Tensor.FromArray(new float[,] { { w } }), Tensor.Zeros(1)]);
        return model;
    }

    [Fact]
    public void CompiledMetricsIgnoreSampleWeightsAndWeightedMetricsUseThem()
    {
        var model = LinearModel(1f);
        model.Compile("sgd", "mse", metrics: ["mae"], weightedMetrics: ["mae"]);
        var x = Tensor.FromArray(new float[,] { { 1 }, { 2 } });
        var y = Tensor.FromArray(new float[,] { { 2 }, { 2 } });   // errors 1 and 0
        var scores = model.Evaluate(x, y, sampleWeight: Row(1, 3));
        Assert.Equal(0.5f, scores["mae"]);             // unweighted mean of 1 and 0
        Assert.Equal(0.25f, scores["weighted_mae"]);   // (1·1 + 3·0) / 4
        Assert.Equal(0.5f, scores["loss"]);            // mse (1·1 + 3·0) / 2 samples: Keras divides by the batch size
    }

    [Fact]
    public void RepeatedMetricNamesGetSuffixes()
    {
        var model = LinearModel(1f);
        model.Compile("sgd", "mse", metrics: ["mae", "mae"]);
        var scores = model.Evaluate(Tensor.FromArray(new float[,] { { 1 } }), Tensor.FromArray(new float[,] { { 2 } }));
        Assert.Equal(["loss", "mae", "mae_1"], scores.Keys);   // sorted, as Keras's pythonify_logs
    }

    [Fact]
    public void TheSameMetricObjectTwiceIsRefused()
    {
        var model = LinearModel(1f);
        var mae = new MeanAbsoluteError();
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => model.Compile("sgd", "mse", metrics: [mae], weightedMetrics: [mae])).Message);
    }

    [Fact]
    public void MismatchedShapesAreClearErrors()
    {
        var sparse = Assert.Throws<ArgumentException>(() => new SparseCategoricalAccuracy().UpdateState(Row(0, 1, 2), Tensor.Zeros(4, 3)));
        Assert.Contains("[4]", sparse.Message);
        Assert.Contains("[3]", sparse.Message);
        var oneHot = Assert.Throws<ArgumentException>(() => new SparseCategoricalAccuracy().UpdateState(Tensor.Zeros(4, 3), Tensor.Zeros(4, 3)));
        Assert.Contains("one-hot", oneHot.Message);
        Assert.Contains("[4, 2]", Assert.Throws<ArgumentException>(() => new CategoricalAccuracy().UpdateState(Tensor.Zeros(4, 3), Tensor.Zeros(4, 2))).Message);
        Assert.Throws<ArgumentException>(() => new BinaryAccuracy().UpdateState(Row(1, 0, 1), Row(1, 0)));
        Assert.Throws<ArgumentException>(() => new Backprop.Metrics.MeanAbsoluteError().UpdateState(Row(1, 0, 1), Row(1, 0)));
        var weights = Assert.Throws<ArgumentException>(() => new Backprop.Metrics.MeanAbsoluteError().UpdateState(Row(1, 0, 1), Row(1, 0, 1), Row(1)));
        Assert.Contains("sample_weight", weights.Message);
    }

    [Fact]
    public void AnEmptyBatchAddsNothing()
    {
        var accuracy = new CategoricalAccuracy();
        accuracy.UpdateState(Tensor.Zeros(0, 3), Tensor.Zeros(0, 3));
        Assert.Equal(0f, accuracy.Result());
        accuracy.UpdateState(Tensor.FromArray(new float[,] { { 0, 1, 0 } }), Tensor.FromArray(new float[,] { { 0.1f, 0.8f, 0.1f } }));
        Assert.Equal(1f, accuracy.Result());
    }

    [Fact]
    public void F1WithNullDefaultsSurvivesASaveAndLoad()
    {
        var model = LinearModel(1f);
        model.Compile("sgd", "mse", metrics: [new F1Score()], weightedMetrics: [new F1Score(average: "macro", threshold: 0.3f, name: "f1_macro")]);
        string path = Path.Combine(Path.GetTempPath(), $"f1-{Guid.NewGuid():N}.keras");
        try
        {
            model.Save(path);
            var loaded = Model.Load(path);
            var f1 = Assert.IsType<F1Score>(Assert.Single(loaded.Metrics));
            Assert.Null(f1.Average);
            Assert.Null(f1.Threshold);
            var weighted = Assert.IsType<F1Score>(Assert.Single(loaded.WeightedMetrics));
            Assert.Equal("macro", weighted.Average);
            Assert.Equal(0.3f, weighted.Threshold);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void EdgeCasesFollowKeras()
    {
        // R²: constant targets predicted exactly are 0/0, NaN in Keras; constant targets missed are −∞, read as 0.
        var r2 = new R2Score();
        r2.UpdateState(Tensor.FromArray(new float[,] { { 2 }, { 2 } }), Tensor.FromArray(new float[,] { { 2 }, { 2 } }));
        Assert.True(float.IsNaN(r2.Result()));
        var missed = new R2Score();
        missed.UpdateState(Tensor.FromArray(new float[,] { { 2 }, { 2 } }), Tensor.FromArray(new float[,] { { 1 }, { 3 } }));
        Assert.Equal(0f, missed.Result());
        // Top-k: a NaN score for the target is a miss (it counted as a hit).
        var topK = new SparseTopKCategoricalAccuracy(k: 1);
        topK.UpdateState(Row(0), Tensor.FromArray(new float[,] { { float.NaN, 0.5f } }));
        Assert.Equal(0f, topK.Result());
        // Sparse accuracy compares labels as floats: 1.5 matches no class.
        var sparse = new SparseCategoricalAccuracy();
        sparse.UpdateState(Row(1.5f), Tensor.FromArray(new float[,] { { 0.1f, 0.9f } }));
        Assert.Equal(0f, sparse.Result());
    }

    [Fact]
    public void PrecisionAndRecallSaveTheirThresholdUnderKerasKey()
    {
        var model = LinearModel(1f);
        model.Compile("sgd", "mse", metrics: [new Precision(thresholds: 0.7f), new Recall()]);
        string path = Path.Combine(Path.GetTempPath(), $"thr-{Guid.NewGuid():N}.keras");
        try
        {
            model.Save(path);
            using (var zip = System.IO.Compression.ZipFile.OpenRead(path))
            using (var reader = new StreamReader(zip.GetEntry("config.json")!.Open()))
            {
                string config = reader.ReadToEnd();
                Assert.Contains("\"thresholds\":0.7", config);
                Assert.Contains("\"thresholds\":null", config);   // Keras's default, 0.5
            }
            var loaded = Model.Load(path);
            Assert.Equal(0.7f, Assert.IsType<Precision>(loaded.Metrics[0]).Threshold);
            Assert.Equal(0.5f, Assert.IsType<Recall>(loaded.Metrics[1]).Threshold);
        }
        finally { File.Delete(path); }
        Assert.Throws<ArgumentException>(() => new Precision(thresholds: 1.5f));
    }

    [Fact]
    public void SparseTopKIsKerasSeparateClassInTheFile()
    {
        var model = LinearModel(1f);
        model.Compile("sgd", "mse", metrics: ["sparse_top_k_categorical_accuracy", new TopKCategoricalAccuracy(k: 3)]);
        string path = Path.Combine(Path.GetTempPath(), $"topk-{Guid.NewGuid():N}.keras");
        try
        {
            model.Save(path);
            using (var zip = System.IO.Compression.ZipFile.OpenRead(path))
            using (var reader = new StreamReader(zip.GetEntry("config.json")!.Open()))
            {
                var metrics = System.Text.Json.Nodes.JsonNode.Parse(reader.ReadToEnd())!["compile_config"]!["metrics"]!.AsArray();
                Assert.Equal("SparseTopKCategoricalAccuracy", (string?)metrics[0]!["class_name"]);
                foreach (var m in metrics)   // no "sparse" key, which Keras's TopKCategoricalAccuracy would reject
                    Assert.Equal(["k", "name"], m!["config"]!.AsObject().Select(p => p.Key).Order());
            }
            var loaded = Model.Load(path);
            Assert.IsType<SparseTopKCategoricalAccuracy>(loaded.Metrics[0]);
            Assert.Equal(3, Assert.IsType<TopKCategoricalAccuracy>(loaded.Metrics[1]).K);
        }
        finally { File.Delete(path); }
    }
}
