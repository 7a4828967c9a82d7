using System.Reflection;
using System.Text.Json.Nodes;
using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Optimizers.Schedules;
using Backprop.Regularizers;
using Backprop.Serialization;

namespace Backprop.Tests.Serialization;

/// <summary>
/// Every saveable class's serialized form, pinned byte for byte by a fixture written by the code before configs
/// became explicit (Serialization/Fixtures/Configs/README.md): a renamed key, a lost parameter or a changed number
/// format changes a user's file, and fails here. Reflection builds the samples; the library itself no longer reads
/// constructors to write or read a config.
/// </summary>
public class ConfigFixtureTests
{
    private static readonly Type[] FamilyBases =
        [typeof(Layer), typeof(Optimizer), typeof(LearningRateSchedule), typeof(Loss), typeof(Metric), typeof(Initializer), typeof(Regularizer)];

    public static TheoryData<string> EverySaveableClass()
    {
        var data = new TheoryData<string>();
        foreach (Type family in FamilyBases)
            foreach (Type t in KerasObjects.ClassesOf(family).Where(t => family != typeof(Layer) || !IsUnsaveableLayer(t)).OrderBy(t => t.Name))
                if (family == typeof(Layer) || !typeof(Layer).IsAssignableFrom(t)) data.Add(t.FullName!);
        return data;
    }

    // A Lambda holds code, which no file carries.
    private static bool IsUnsaveableLayer(Type t) => t == typeof(Lambda);

    // Named by family as well: Identity is a layer and an initializer, MeanSquaredError a loss and a metric.
    private static string FixtureName(Type type) => FamilyBases.First(f => f.IsAssignableFrom(type)).Name + "." + type.Name + ".json";

    private static string FixturePath(Type type) => Path.Combine(AppContext.BaseDirectory, "Serialization", "Fixtures", "Configs", FixtureName(type));

    [Theory]
    [MemberData(nameof(EverySaveableClass))]
    public void SerializedFormIsTheFixturesByteForByte(string typeName)
    {
        Type type = typeof(Tensor).Assembly.GetType(typeName)!;
        string written = KerasConfigWriter.Serialize(Sample(type)).ToJsonString();
        if (Environment.GetEnvironmentVariable("BACKPROP_WRITE_CONFIG_FIXTURES") is { Length: > 0 } folder)
            File.WriteAllText(Path.Combine(folder, FixtureName(type)), written);
        Assert.True(File.Exists(FixturePath(type)), $"no fixture for {type.Name}: every saveable class needs one (see Fixtures/Configs/README.md).");
        Assert.Equal(File.ReadAllText(FixturePath(type)), written);
    }

    [Theory]
    [MemberData(nameof(EverySaveableClass))]
    public void FixtureReadsBackToTheSameBytes(string typeName)
    {
        Type type = typeof(Tensor).Assembly.GetType(typeName)!;
        string fixture = File.ReadAllText(FixturePath(type));
        Type family = FamilyBases.First(f => f.IsAssignableFrom(type));
        MethodInfo deserialize = typeof(KerasConfigReader).GetMethod(nameof(KerasConfigReader.Deserialize))!.MakeGenericMethod(family);
        object back = deserialize.Invoke(null, [JsonNode.Parse(fixture)])!;
        Assert.IsType(type, back);
        Assert.Equal(fixture, KerasConfigWriter.Serialize(back).ToJsonString());
    }

    [Fact]
    public void TheExplicitClassListHoldsEverySaveableClassOfTheLibrary()
    {
        // The loader knows classes only from KerasClasses; a public class of a family missing there could be saved but never loaded.
        var declared = KerasClasses.All.Select(e => e.Type).ToHashSet();
        var found = typeof(Tensor).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && FamilyBases.Any(f => f.IsAssignableFrom(t)))
            .Where(t => !typeof(Model).IsAssignableFrom(t) && !KerasObjects.IsFunction(t) && !IsUnsaveableLayer(t))
            .ToHashSet();
        Assert.Empty(found.Except(declared).Select(t => t.Name));
        Assert.Empty(declared.Except(found).Select(t => t.Name));
    }

    [Theory]
    [MemberData(nameof(EverySaveableClass))]
    public void EveryClassDeclaresItsOwnConfigAndFromConfig(string typeName)
    {
        Type type = typeof(Tensor).Assembly.GetType(typeName)!;
        Assert.NotNull(type.GetMethod("FromConfig", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
        if (!typeof(Layer).IsAssignableFrom(type))
            Assert.Equal(type, type.GetMethod("OwnConfig", BindingFlags.Instance | BindingFlags.NonPublic)!.DeclaringType);
    }

    [Fact]
    public void ALibraryClassIsNeverReadFromItsConstructor()
    {
        var e = Assert.Throws<InvalidOperationException>(() => KerasConfigWriter.ConstructorConfig(new Adam()));
        Assert.Contains("must declare its config", e.Message);
    }

    [Theory]
    [InlineData("""{"class_name":"Dense","config":{"units":"ten"}}""", "'units' must be a whole number, got \"ten\"")]
    [InlineData("""{"class_name":"Dense","config":{"units":2.5}}""", "'units' must be a whole number, got 2.5")]
    [InlineData("""{"class_name":"Dense","config":{"activation":"relu"}}""", "the required key 'units' is missing")]
    [InlineData("""{"class_name":"Dropout","config":{"rate":0.5,"trainable":"yes"}}""", "'trainable' must be true or false")]
    [InlineData("""{"class_name":"Dense","config":{"units":-3}}""", "Dense: Dense needs a positive number of units, got -3")]
    [InlineData("""{"class_name":"Reshape","config":{"target_shape":[2,"x"]}}""", "'target_shape' must be a list of whole numbers")]
    public void AConfigOfTheWrongTypeNamesTheClassTheKeyAndWhatItHas(string json, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => KerasConfigReader.Deserialize<Layer>(JsonNode.Parse(json)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AnOptimizerConfigOfTheWrongTypeIsAFormatError()
    {
        var e = Assert.Throws<InvalidDataException>(() => KerasConfigReader.Deserialize<Optimizer>(JsonNode.Parse("""{"class_name":"Adam","config":{"beta_1":"high"}}""")));
        Assert.Contains("Adam: the config key 'beta_1' must be a number", e.Message);
    }

    /// <summary>An instance with every constructor parameter moved off its default where the constructor accepts it,
    /// so that a parameter the config loses or renames shows in the bytes.</summary>
    private static object Sample(Type type)
    {
        if (type == typeof(PiecewiseConstantDecay)) return new PiecewiseConstantDecay([10, 20], [0.1f, 0.01f, 0.001f]);
        foreach (ConstructorInfo constructor in KerasObjects.Constructors(type))
        {
            ParameterInfo[] parameters = constructor.GetParameters();
            foreach (bool perturb in new[] { true, false })
            {
                object?[] arguments = parameters.Select(p => ArgumentFor(type, p, perturb)).ToArray();
                if (arguments.Any(a => a is Unfillable)) continue;
                try { return constructor.Invoke(arguments); }
                catch (TargetInvocationException) { }
            }
        }
        throw new InvalidOperationException($"no constructor of {type.Name} could be called with sample arguments.");
    }

    private sealed class Unfillable;

    private static object? ArgumentFor(Type type, ParameterInfo p, bool perturb)
    {
        Type t = p.ParameterType;
        if (p.Name == "name" && typeof(Layer).IsAssignableFrom(type)) return "sample_" + NameRegistry.SnakeCase(type.Name);
        if (p.HasDefaultValue)
        {
            object? d = p.DefaultValue;
            // Groups must divide the filters, an output padding must stay below its stride, and an axis must exist; their own tests cover them.
            if (!perturb || p.Name is "groups" or "dilationRate" or "outputPadding" || (p.Name == "axis" && type == typeof(BatchNormalization))) return d;
            return d switch
            {
                float f => f == 0 ? 0.125f : f * 0.75f,
                double x => x == 0 ? 0.125 : x * 0.75,
                int i => i + 1,
                long l => l + 1,
                bool b => !b,
                null when t == typeof(float?) => 0.5f,
                // Strides moved, dilation left: Keras refuses both above 1.
                null when t == typeof(Size2D?) => p.Name == "dilationRate" ? null : p.Name == "strides" ? new Size2D(2, 1) : new Size2D(3, 2),
                null when t == typeof(int?) && p.Name == "strides" => 3,
                null when t == typeof(FactorRange?) => new FactorRange(-0.1f, 0.4f),
                _ => d,
            };
        }
        return t switch
        {
            _ when t == typeof(float) => 0.5f,
            _ when t == typeof(double) => 0.5,
            _ when t == typeof(long) => 100L,
            _ when t == typeof(int) => 3,
            _ when t == typeof(string) && p.Name == "activation" => "relu",
            _ when t == typeof(string) => "name",
            _ when t == typeof(int[]) => new[] { 2, 1 },
            _ when t == typeof(ActivationFunction) => Backprop.Activations.Activations.Get("tanh"),
            _ when t == typeof(Initializer) => new HeNormal(),
            _ when t == typeof(Size2D) => p.Name == "dilationRate" ? new Size2D(1, 1) : new Size2D(3, 2),
            _ when t == typeof(Regularizer) => new L2(0.25f),
            _ when t == typeof(FactorRange) => new FactorRange(-0.2f, 0.3f),
            _ => new Unfillable(),
        };
    }
}
