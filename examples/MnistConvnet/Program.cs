// keras-io's "Simple MNIST convnet" (examples/vision/mnist_convnet.py), line for line, on the MNIST sample that ships
// with Backprop (8,000 training digits; keras-io trains on MNIST's 60,000: pass "mnist" to download those).
// Usage: dotnet run --project examples/MnistConvnet -c Release [-- EPOCHS [mnist] [--plots FOLDER]]
using Backprop;
using Backprop.Datasets;
using Backprop.Layers;
using Backprop.Plotting;

// Model / data parameters
int numClasses = 10;
int[] inputShape = [28, 28, 1];

// Load the data and split it between train and test sets
Utils.SetRandomSeed(42);
var ((xTrain, yTrain), (xTest, yTest)) = args.Contains("mnist") ? Mnist.LoadData() : MnistSample.LoadData();

// Scale images to the [0, 1] range
xTrain /= 255f;
xTest /= 255f;
// Make sure images have shape (28, 28, 1)
xTrain = xTrain.Reshape(-1, 28, 28, 1);
xTest = xTest.Reshape(-1, 28, 28, 1);
Console.WriteLine($"x_train shape: ({string.Join(", ", xTrain.Shape)})");
Console.WriteLine($"{xTrain.Dim(0)} train samples");
Console.WriteLine($"{xTest.Dim(0)} test samples");

// convert class vectors to binary class matrices
yTrain = Utils.ToCategorical(yTrain, numClasses);
yTest = Utils.ToCategorical(yTest, numClasses);

var model = new Sequential(
    new Input(inputShape),
    new Conv2D(32, kernelSize: (3, 3), activation: "relu"),
    new MaxPooling2D(poolSize: (2, 2)),
    new Conv2D(64, kernelSize: (3, 3), activation: "relu"),
    new MaxPooling2D(poolSize: (2, 2)),
    new Flatten(),
    new Dropout(0.5f),
    new Dense(numClasses, activation: "softmax"));

model.Summary();

int batchSize = 128;
int epochs = args.Length > 0 && int.TryParse(args[0], out int n) ? n : 15;

model.Compile(loss: "categorical_crossentropy", optimizer: "adam", metrics: ["accuracy"]);

model.Fit(xTrain, yTrain, batchSize: batchSize, epochs: epochs, validationSplit: 0.1f, verbose: 2);

var score = model.Evaluate(xTest, yTest, verbose: 0);
Console.WriteLine($"Test loss: {score["loss"]:F4}");
Console.WriteLine($"Test accuracy: {score["accuracy"]:F4}");

// Beyond keras-io: with --plots FOLDER, the first layer's 32 learned 3×3 filters and the 32 feature maps it makes of
// the first test digit, as PNG files (docs/guide.md shows them).
int plots = Array.IndexOf(args, "--plots");
if (plots >= 0)
{
    string folder = args[plots + 1];
    var first = (Conv2D)model.Layers[0];
    ChannelGridPlot.SaveFilters(first, Path.Combine(folder, "convnet_filters.png"));
    using (Backprop.Autograd.Autograd.NoGrad())
        ChannelGridPlot.SaveFeatureMaps(first.Call(xTest.Rows(0, 1)), Path.Combine(folder, "convnet_feature_maps.png"));
    Console.WriteLine($"filters and feature maps saved to {folder}");
}
