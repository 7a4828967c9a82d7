namespace Backprop.Optimizers.Schedules;

/// <summary>A learning rate as a function of the optimizer's step (its <see cref="Optimizer.Iterations"/>), like Keras's LearningRateSchedule.</summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate at a step (0-based).</summary>
    public abstract float At(long step);

    /// <summary>Keras's <c>get_config</c>: the settings a file holds for this object (<see cref="OwnConfig"/>).</summary>
    public IDictionary<string, object?> GetConfig() => OwnConfig();

    /// <summary>This class's own settings under Keras's keys, in the order its files list them (each library class
    /// writes its own: a renamed C# parameter never changes a file). A class of the user's that does not override it
    /// is read from its constructor's parameters, as Keras's default <c>cls(**config)</c> is.</summary>
    protected virtual IDictionary<string, object?> OwnConfig() => Serialization.KerasConfigWriter.ConstructorConfig(this);
}
