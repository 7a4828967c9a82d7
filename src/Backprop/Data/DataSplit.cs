namespace Backprop;

/// <summary>
/// The two sets <see cref="Utils.TrainTestSplit"/> makes. Deconstructs as a pair of pairs,
/// <c>var ((xTrain, yTrain), (xTest, yTest)) = …</c>, or in scikit-learn's order of four,
/// <c>var (xTrain, xTest, yTrain, yTest) = Utils.TrainTestSplit(x, y, testSize: 0.2)</c>.
/// </summary>
/// <param name="Train">The training samples and their targets.</param>
/// <param name="Test">The held-out samples and their targets.</param>
public sealed record DataSplit((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test)
{
    /// <summary>scikit-learn's <c>train_test_split</c> order: x_train, x_test, y_train, y_test.</summary>
    public void Deconstruct(out Tensor xTrain, out Tensor xTest, out Tensor yTrain, out Tensor yTest) =>
        (xTrain, xTest, yTrain, yTest) = (Train.X, Test.X, Train.Y, Test.Y);
}
