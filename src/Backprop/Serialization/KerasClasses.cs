namespace Backprop.Serialization;

/// <summary>
/// Every class a <c>.keras</c> file can name, each with its <c>FromConfig</c> (Keras's <c>from_config</c>): the one
/// list the loader looks classes up in. A new saveable class is added here, with its <c>GetConfig</c>/<c>OwnConfig</c>
/// and <c>FromConfig</c> written out, and a fixture (tests/…/Serialization/Fixtures/Configs) that pins its bytes.
/// </summary>
internal static class KerasClasses
{
    /// <summary>A class and the function that builds it from its config.</summary>
    public readonly record struct Entry(Type Type, Func<KerasConfig, object> FromConfig);

    public static readonly Entry[] All =
    [
        // Layers
        new(typeof(Layers.Activation), Layers.Activation.FromConfig),
        new(typeof(Layers.ActivityRegularization), Layers.ActivityRegularization.FromConfig),
        new(typeof(Layers.Add), Layers.Add.FromConfig),
        new(typeof(Layers.Average), Layers.Average.FromConfig),
        new(typeof(Layers.BatchNormalization), Layers.BatchNormalization.FromConfig),
        new(typeof(Layers.Concatenate), Layers.Concatenate.FromConfig),
        new(typeof(Layers.Dense), Layers.Dense.FromConfig),
        new(typeof(Layers.Dot), Layers.Dot.FromConfig),
        new(typeof(Layers.Dropout), Layers.Dropout.FromConfig),
        new(typeof(Layers.Flatten), Layers.Flatten.FromConfig),
        new(typeof(Layers.GaussianNoise), Layers.GaussianNoise.FromConfig),
        new(typeof(Layers.Identity), Layers.Identity.FromConfig),
        new(typeof(Layers.Input), Layers.Input.FromConfig),
        new(typeof(Layers.LayerNormalization), Layers.LayerNormalization.FromConfig),
        new(typeof(Layers.Maximum), Layers.Maximum.FromConfig),
        new(typeof(Layers.Minimum), Layers.Minimum.FromConfig),
        new(typeof(Layers.Multiply), Layers.Multiply.FromConfig),
        new(typeof(Layers.Normalization), Layers.Normalization.FromConfig),
        new(typeof(Layers.Permute), Layers.Permute.FromConfig),
        new(typeof(Layers.RepeatVector), Layers.RepeatVector.FromConfig),
        new(typeof(Layers.Rescaling), Layers.Rescaling.FromConfig),
        new(typeof(Layers.Reshape), Layers.Reshape.FromConfig),
        new(typeof(Layers.Softmax), Layers.Softmax.FromConfig),
        new(typeof(Layers.Subtract), Layers.Subtract.FromConfig),
        // Optimizers
        new(typeof(Optimizers.Adadelta), Optimizers.Adadelta.FromConfig),
        new(typeof(Optimizers.Adagrad), Optimizers.Adagrad.FromConfig),
        new(typeof(Optimizers.Adam), Optimizers.Adam.FromConfig),
        new(typeof(Optimizers.AdamW), Optimizers.AdamW.FromConfig),
        new(typeof(Optimizers.Adamax), Optimizers.Adamax.FromConfig),
        new(typeof(Optimizers.Ftrl), Optimizers.Ftrl.FromConfig),
        new(typeof(Optimizers.Lion), Optimizers.Lion.FromConfig),
        new(typeof(Optimizers.Nadam), Optimizers.Nadam.FromConfig),
        new(typeof(Optimizers.RMSprop), Optimizers.RMSprop.FromConfig),
        new(typeof(Optimizers.SGD), Optimizers.SGD.FromConfig),
        // LearningRateSchedules
        new(typeof(Optimizers.Schedules.CosineDecay), Optimizers.Schedules.CosineDecay.FromConfig),
        new(typeof(Optimizers.Schedules.CosineDecayRestarts), Optimizers.Schedules.CosineDecayRestarts.FromConfig),
        new(typeof(Optimizers.Schedules.ExponentialDecay), Optimizers.Schedules.ExponentialDecay.FromConfig),
        new(typeof(Optimizers.Schedules.InverseTimeDecay), Optimizers.Schedules.InverseTimeDecay.FromConfig),
        new(typeof(Optimizers.Schedules.PiecewiseConstantDecay), Optimizers.Schedules.PiecewiseConstantDecay.FromConfig),
        new(typeof(Optimizers.Schedules.PolynomialDecay), Optimizers.Schedules.PolynomialDecay.FromConfig),
        // Losss
        new(typeof(Losses.BinaryCrossentropy), Losses.BinaryCrossentropy.FromConfig),
        new(typeof(Losses.CategoricalCrossentropy), Losses.CategoricalCrossentropy.FromConfig),
        new(typeof(Losses.CategoricalHinge), Losses.CategoricalHinge.FromConfig),
        new(typeof(Losses.CosineSimilarity), Losses.CosineSimilarity.FromConfig),
        new(typeof(Losses.Hinge), Losses.Hinge.FromConfig),
        new(typeof(Losses.Huber), Losses.Huber.FromConfig),
        new(typeof(Losses.KLDivergence), Losses.KLDivergence.FromConfig),
        new(typeof(Losses.LogCosh), Losses.LogCosh.FromConfig),
        new(typeof(Losses.MeanAbsoluteError), Losses.MeanAbsoluteError.FromConfig),
        new(typeof(Losses.MeanAbsolutePercentageError), Losses.MeanAbsolutePercentageError.FromConfig),
        new(typeof(Losses.MeanSquaredError), Losses.MeanSquaredError.FromConfig),
        new(typeof(Losses.MeanSquaredLogarithmicError), Losses.MeanSquaredLogarithmicError.FromConfig),
        new(typeof(Losses.Poisson), Losses.Poisson.FromConfig),
        new(typeof(Losses.SparseCategoricalCrossentropy), Losses.SparseCategoricalCrossentropy.FromConfig),
        new(typeof(Losses.SquaredHinge), Losses.SquaredHinge.FromConfig),
        // Metrics
        new(typeof(Metrics.AUC), Metrics.AUC.FromConfig),
        new(typeof(Metrics.Accuracy), Metrics.Accuracy.FromConfig),
        new(typeof(Metrics.BinaryAccuracy), Metrics.BinaryAccuracy.FromConfig),
        new(typeof(Metrics.CategoricalAccuracy), Metrics.CategoricalAccuracy.FromConfig),
        new(typeof(Metrics.F1Score), Metrics.F1Score.FromConfig),
        new(typeof(Metrics.FBetaScore), Metrics.FBetaScore.FromConfig),
        new(typeof(Metrics.Mean), Metrics.Mean.FromConfig),
        new(typeof(Metrics.MeanAbsoluteError), Metrics.MeanAbsoluteError.FromConfig),
        new(typeof(Metrics.MeanAbsolutePercentageError), Metrics.MeanAbsolutePercentageError.FromConfig),
        new(typeof(Metrics.MeanSquaredError), Metrics.MeanSquaredError.FromConfig),
        new(typeof(Metrics.Precision), Metrics.Precision.FromConfig),
        new(typeof(Metrics.R2Score), Metrics.R2Score.FromConfig),
        new(typeof(Metrics.Recall), Metrics.Recall.FromConfig),
        new(typeof(Metrics.RootMeanSquaredError), Metrics.RootMeanSquaredError.FromConfig),
        new(typeof(Metrics.SparseCategoricalAccuracy), Metrics.SparseCategoricalAccuracy.FromConfig),
        new(typeof(Metrics.SparseTopKCategoricalAccuracy), Metrics.SparseTopKCategoricalAccuracy.FromConfig),
        new(typeof(Metrics.TopKCategoricalAccuracy), Metrics.TopKCategoricalAccuracy.FromConfig),
        // Initializers
        new(typeof(Initializers.Constant), Initializers.Constant.FromConfig),
        new(typeof(Initializers.GlorotNormal), Initializers.GlorotNormal.FromConfig),
        new(typeof(Initializers.GlorotUniform), Initializers.GlorotUniform.FromConfig),
        new(typeof(Initializers.HeNormal), Initializers.HeNormal.FromConfig),
        new(typeof(Initializers.HeUniform), Initializers.HeUniform.FromConfig),
        new(typeof(Initializers.Identity), Initializers.Identity.FromConfig),
        new(typeof(Initializers.LecunNormal), Initializers.LecunNormal.FromConfig),
        new(typeof(Initializers.LecunUniform), Initializers.LecunUniform.FromConfig),
        new(typeof(Initializers.Ones), Initializers.Ones.FromConfig),
        new(typeof(Initializers.Orthogonal), Initializers.Orthogonal.FromConfig),
        new(typeof(Initializers.RandomNormal), Initializers.RandomNormal.FromConfig),
        new(typeof(Initializers.RandomUniform), Initializers.RandomUniform.FromConfig),
        new(typeof(Initializers.TruncatedNormal), Initializers.TruncatedNormal.FromConfig),
        new(typeof(Initializers.VarianceScaling), Initializers.VarianceScaling.FromConfig),
        new(typeof(Initializers.Zeros), Initializers.Zeros.FromConfig),
        // Regularizers
        new(typeof(Regularizers.L1), Regularizers.L1.FromConfig),
        new(typeof(Regularizers.L1L2), Regularizers.L1L2.FromConfig),
        new(typeof(Regularizers.L2), Regularizers.L2.FromConfig),
    ];
}
