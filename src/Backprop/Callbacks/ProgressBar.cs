using System.Globalization;
using System.Text;

namespace Backprop.Callbacks;

/// <summary>
/// Keras 3's <c>Progbar</c> (keras/src/utils/progbar.py), line for line in its output: width 20 of '━',
/// "current/target", ETA while running and elapsed seconds when done, time per step that ignores
/// the first step, and " - name: value" with 4 decimals (or scientific below 1e-3). Values are shown as
/// given: Fit's logs are already the epoch's running means, and Keras ≥ 3.15 treats every log as a stateful
/// metric (progbar.py: stateless_metrics is empty), where earlier versions averaged them again over steps.
/// </summary>
internal sealed class ProgressBar(int target, int verbose, TextWriter output, bool dynamicDisplay, Func<double> clock)
{
    private const int Width = 20;
    private const double Interval = 0.05;
    private readonly double _start = clock();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, double> _values = [];
    private double _lastUpdate = double.NegativeInfinity;
    private double? _timeAfterFirstStep;
    private int _previousWidth;

    public void Update(int current, IReadOnlyDictionary<string, float> values, bool finalize)
    {
        foreach (var (name, value) in values)
        {
            if (!_order.Contains(name)) _order.Add(name);
            _values[name] = value;
        }
        double now = clock();
        double timePerUnit = EstimateStepDuration(current, now);

        if (verbose == 1)
        {
            if (now - _lastUpdate < Interval && !finalize) return;
            _lastUpdate = now;
            if (!dynamicDisplay && !finalize) return;   // redirected output: only each epoch's final line
            int digits = (int)Math.Floor(Math.Log10(target)) + 1;
            int progress = (int)(Width * ((double)current / target));
            string count = current.ToString(CultureInfo.InvariantCulture).PadLeft(digits) + "/" + target.ToString(CultureInfo.InvariantCulture);
            string bar = dynamicDisplay
                ? $"\x1b[1m{count}\x1b[0m " + (progress > 0 ? $"\x1b[32m{new string('━', progress)}\x1b[0m" : "") + $"\x1b[37m{new string('━', Width - progress)}\x1b[0m"
                : $"{count} {new string('━', Width)}";
            string timeText = finalize ? $"{Math.Round(now - _start, MidpointRounding.ToEven):0}s" : FormatEta(timePerUnit * (target - current));
            var info = new StringBuilder(dynamicDisplay ? $" \x1b[1m{timeText}\x1b[0m" : $" {timeText}");
            info.Append(FormatTime(timePerUnit));
            AppendValues(info, absolute: true);
            int visibleWidth = count.Length + 1 + Width + info.Length - (dynamicDisplay ? 8 : 0);
            var message = new StringBuilder();
            if (dynamicDisplay) message.Append('\r');
            message.Append(bar).Append(info);
            if (dynamicDisplay && _previousWidth > visibleWidth) message.Append(' ', _previousWidth - visibleWidth);
            if (finalize) message.Append('\n');
            output.Write(message.ToString());
            output.Flush();
            _previousWidth = visibleWidth;
        }
        else if (verbose == 2 && finalize)
        {
            int digits = (int)Math.Floor(Math.Log10(target)) + 1;
            var info = new StringBuilder();
            info.Append(current.ToString(CultureInfo.InvariantCulture).PadLeft(digits)).Append('/').Append(target);
            info.Append(" - ").Append($"{Math.Round(now - _start, MidpointRounding.ToEven):0}s");
            info.Append(" -").Append(FormatTime(timePerUnit));
            AppendValues(info, absolute: false);
            output.Write(info.Append('\n').ToString());
            output.Flush();
        }
    }

    private void AppendValues(StringBuilder info, bool absolute)
    {
        foreach (string name in _order)
        {
            double value = _values[name];
            // Keras's verbose-1 line tests |value| > 1e-3, its verbose-2 line value > 1e-3.
            bool plain = absolute ? Math.Abs(value) > 1e-3 : value > 1e-3;
            info.Append(" - ").Append(name).Append(": ").Append(plain
                ? value.ToString("F4", CultureInfo.InvariantCulture)
                : value.ToString("0.0000e+00", CultureInfo.InvariantCulture));
        }
    }

    private static string FormatEta(double eta) => eta switch
    {
        > 3600 => $"{(int)(eta / 3600)}:{(int)(eta % 3600 / 60):00}:{(int)(eta % 60):00}",
        > 60 => $"{(int)(eta / 60)}:{(int)(eta % 60):00}",
        _ => $"{(int)eta}s",
    };

    private static string FormatTime(double timePerUnit) => timePerUnit switch
    {
        >= 1 or 0 => $" {Math.Round(timePerUnit, MidpointRounding.ToEven):0}s/step",
        >= 1e-3 => $" {Math.Round(timePerUnit * 1000, MidpointRounding.ToEven):0}ms/step",
        _ => $" {Math.Round(timePerUnit * 1e6, MidpointRounding.ToEven):0}us/step",
    };

    private double EstimateStepDuration(int current, double now)
    {
        if (current == 0) return 0;
        double perUnit = _timeAfterFirstStep is { } first && current > 1 ? (now - first) / (current - 1) : (now - _start) / current;
        if (current == 1) _timeAfterFirstStep = now;
        return perUnit;
    }
}
