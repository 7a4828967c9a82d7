namespace Backprop;

// What may run at once on one model. Predict and PredictOnBatch are safe from any number of threads (a web server's
// case): they keep no state in the model, and the first call builds an unbuilt model once. Evaluate and TestOnBatch
// update the compiled metrics and reuse the model's step buffers, so calls from several threads take turns. Fit and
// TrainOnBatch change the weights and the optimizer's state: a second thread trying to train the same model while one
// trains gets an InvalidOperationException; an evaluation waits for the training to end. A Predict during Fit sees the
// weights as they are, possibly part-way through an update.
public partial class Model
{
    private readonly object _stateGate = new();
    private int _trainingThread;   // the managed id of the thread in Fit or TrainOnBatch, 0 when none

    /// <summary>Takes this model's training and evaluation state for <paramref name="method"/>, waiting for another thread's
    /// evaluation or training to finish, except that a second concurrent training is refused.</summary>
    /// <exception cref="InvalidOperationException">Training while another thread trains this model.</exception>
    private StateScope EnterState(string method, bool training)
    {
        int me = Environment.CurrentManagedThreadId;
        int trainer = Volatile.Read(ref _trainingThread);
        if (training && trainer != 0 && trainer != me)
            throw new InvalidOperationException($"{method}: model '{Name}' is being trained on another thread; one model trains on one thread at a time (train a copy, or wait for the other Fit to return).");
        Monitor.Enter(_stateGate);
        bool outer = training && _trainingThread == 0;
        if (outer) Volatile.Write(ref _trainingThread, me);
        return new StateScope(this, outer);
    }

    private readonly struct StateScope(Model model, bool endsTraining) : IDisposable
    {
        public void Dispose()
        {
            if (endsTraining) Volatile.Write(ref model._trainingThread, 0);
            Monitor.Exit(model._stateGate);
        }
    }
}
