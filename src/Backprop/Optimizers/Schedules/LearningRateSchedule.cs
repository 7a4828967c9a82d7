namespace Backprop.Optimizers.Schedules;

/// <summary>A learning rate as a function of the optimizer's step (its <see cref="Optimizer.Iterations"/>), like Keras's LearningRateSchedule.</summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate at a step (0-based).</summary>
    public abstract float At(long step);
}
