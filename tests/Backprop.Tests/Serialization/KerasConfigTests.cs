using System.Reflection;
using System.Text.Json.Nodes;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Optimizers.Schedules;
using Backprop.Regularizers;
using Backprop.Serialization;

namespace Backprop.Tests.Serialization;

public class KerasConfigTests
{
    public static TheoryData<string> EveryNonLayerClass()
    {
        var data = new TheoryData<string>();
        foreach (Type family in new[] { typeof(Optimizer), typeof(LearningRateSchedule), typeof(Loss), typeof(Metric), typeof(Initializer), typeof(Regularizer) })
            foreach (Type t in KerasObjects.ClassesOf(family)) data.Add(t.FullName!);
        return data;
    }

    /// <summary>An instance with non-default values where the constructor allows, so a lost parameter shows.</summary>
    private static object Sample(Type type)
    {
        if (type == typeof(PiecewiseConstantDecay)) return new PiecewiseConstantDecay([10, 20], [0.1f, 0.01f, 0.001f]);
        ConstructorInfo constructor = KerasObjects.Constructors(type)[0];
        object?[] arguments = constructor.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : p.ParameterType switch
        {
            var t when t == typeof(float) => (object)0.5f,
            var t when t == typeof(long) => 100L,
            var t when t == typeof(int) => 3,
            var t when t == typeof(string) => "name",
            _ => null,
        }).ToArray();
        return constructor.Invoke(arguments);
    }

    [Theory]
    [MemberData(nameof(EveryNonLayerClass))]
    public void EveryClassRoundTripsThroughItsKerasConfig(string typeName)
    {
        Type type = typeof(Tensor).Assembly.GetType(typeName)!;
        object original = Sample(type);
        JsonObject serialized = KerasConfigWriter.Serialize(original);
        Type family = KerasObjects.Families.First(f => f.Base.IsAssignableFrom(type)).Base;
        MethodInfo deserialize = typeof(KerasConfigReader).GetMethod(nameof(KerasConfigReader.Deserialize))!.MakeGenericMethod(family);
        object back = deserialize.Invoke(null, [JsonNode.Parse(serialized.ToJsonString())])!;
        Assert.IsType(type, back);
        Assert.Equal(serialized.ToJsonString(), KerasConfigWriter.Serialize(back).ToJsonString());
    }

    [Fact]
    public void OptimizerSettingsOutsideTheConstructorRoundTrip()
    {
        var adam = new Adam(learningRate: 0.01f, beta1: 0.8f) { ClipNorm = 1.5f, WeightDecay = 0.01f, Schedule = new ExponentialDecay(0.1f, 1000, 0.96f, staircase: true) };
        JsonObject serialized = KerasConfigWriter.Serialize(adam);
        Assert.Equal(0.8f, (float)serialized["config"]!["beta_1"]!);
        Assert.Equal("ExponentialDecay", (string)serialized["config"]!["learning_rate"]!["class_name"]!);
        var back = (Adam)KerasConfigReader.Deserialize<Optimizer>(serialized);
        Assert.Equal(1.5f, back.ClipNorm);
        Assert.Equal(0.01f, back.WeightDecay);
        Assert.Equal(adam.Schedule.At(2500), back.Schedule!.At(2500));
    }

    [Fact]
    public void DenseConfigUsesKerasKeysAndNestedInitializers()
    {
        var dense = new Dense(16, activation: "tanh", kernelInitializer: "he_normal", kernelRegularizer: new L2(0.02f)) { Trainable = false };
        JsonObject serialized = KerasConfigWriter.Serialize(dense);
        Assert.Equal("keras.layers", (string)serialized["module"]!);
        Assert.Equal("Dense", (string)serialized["class_name"]!);
        JsonNode config = serialized["config"]!;
        Assert.Equal(16, (int)config["units"]!);
        Assert.Equal("tanh", (string)config["activation"]!);
        Assert.Equal("HeNormal", (string)config["kernel_initializer"]!["class_name"]!);
        Assert.Equal(0.02f, (float)config["kernel_regularizer"]!["config"]!["l2"]!);
        var back = (Dense)KerasConfigReader.Deserialize<Layer>(serialized);
        Assert.Equal(serialized.ToJsonString(), KerasConfigWriter.Serialize(back).ToJsonString());
        Assert.False(back.Trainable);
    }

    [Fact]
    public void AnUnknownClassNamesTheKnownOnes()
    {
        var node = JsonNode.Parse("""{"module": "keras.layers", "class_name": "Conv7D", "config": {}}""");
        var error = Assert.Throws<InvalidDataException>(() => KerasConfigReader.Deserialize<Layer>(node));
        Assert.Contains("Conv7D", error.Message);
        Assert.Contains("Dense", error.Message);
    }

    [Fact]
    public void AnInvalidValueInAConfigSaysWhichClassRejectedIt()
    {
        var node = JsonNode.Parse("""{"module": "keras.layers", "class_name": "Dropout", "config": {"rate": 1.5}}""");
        var error = Assert.Throws<InvalidDataException>(() => KerasConfigReader.Deserialize<Layer>(node));
        Assert.Contains("Dropout", error.Message);
        Assert.Contains("1.5", error.Message);
    }
}
