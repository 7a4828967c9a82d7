// A saved model served over HTTP: load the .keras file once, answer from many concurrent requests.
//   dotnet run --project examples/PredictServer -c Release -- MODEL.keras [--urls http://127.0.0.1:5000]
//   GET  /health   → {"status":"ok","model":…,"inputShape":[784],"outputs":10}
//   POST /predict  → JSON {"rows":[[784 numbers], …]} (values as the model takes them), or a PNG/JPEG digit
//                    (Content-Type image/png or image/jpeg, prepared as MNIST was); answers
//                    {"predictions":[[…], …],"classes":[…]}. Bad input gets a 400 with {"error": "…"}.
// Model.Predict is safe to call from many threads at once, so every request runs it directly.
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Backprop;
using Backprop.Plotting;

string modelPath = args.FirstOrDefault(a => !a.StartsWith('-') && a.EndsWith(".keras", StringComparison.Ordinal))
    ?? throw new ArgumentException("Usage: PredictServer MODEL.keras [--urls http://127.0.0.1:5000]");
Model model = Model.Load(modelPath);
int[] inputShape = model.InputShape ?? throw new ArgumentException($"'{modelPath}' holds a model without a known input shape.");
int features = inputShape.Aggregate(1, (a, b) => a * b);
const int MaxRows = 10_000;

// The rest of the arguments (--urls …) are ASP.NET Core's; the model's path would read as a "/key" switch there.
var builder = WebApplication.CreateBuilder([.. args.Where(a => a != modelPath)]);
builder.Logging.ClearProviders();
// Bounded memory per request: a 4 MB body holds over 1,000 rows of 784 numbers, or any sensible picture.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 4 << 20);
var app = builder.Build();

int outputs = model.ComputeOutputShape(inputShape)[^1];
app.MapGet("/health", () => Results.Json(new { status = "ok", model = model.Name, inputShape, outputs }));

app.MapPost("/predict", async (HttpRequest request) =>
{
    try
    {
        string type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        Tensor x = type switch
        {
            "application/json" => Rows(body.ToArray()),
            "image/png" or "image/jpeg" => Picture(body.ToArray()),
            _ => throw new FormatException($"Content-Type '{type}' is not accepted: send application/json ({{\"rows\": [[…]]}}) or image/png or image/jpeg."),
        };
        Tensor y = model.Predict(x, batchSize: 256);
        int rows = y.Dim(0), width = y.Size / rows;
        float[] values = y.ToArray();
        var predictions = new float[rows][];
        var classes = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            predictions[r] = values[(r * width)..((r + 1) * width)];
            classes[r] = Array.IndexOf(predictions[r], predictions[r].Max());
        }
        return Results.Json(new { predictions, classes });
    }
    catch (JsonException e)
    {
        return Results.Json(new { error = $"The body is not valid JSON: {e.Message}" }, statusCode: StatusCodes.Status400BadRequest);
    }
    catch (Exception e) when (e is FormatException or ArgumentException or BadHttpRequestException)
    {
        return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status400BadRequest);
    }
});

// Tests and scripts start it on port 0 and read the address it took from this line.
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"listening on {string.Join(' ', app.Urls)}"));
app.Run();

// {"rows": [[…], …]}: each row as many numbers as the model's input holds, shaped as the model takes them.
Tensor Rows(byte[] json)
{
    using JsonDocument document = JsonDocument.Parse(json);
    if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("rows", out JsonElement rows) || rows.ValueKind != JsonValueKind.Array)
        throw new FormatException("Expected a JSON object {\"rows\": [[…], …]}.");
    int count = rows.GetArrayLength();
    if (count == 0) throw new FormatException("\"rows\" is empty: send at least one row.");
    if (count > MaxRows) throw new FormatException($"\"rows\" holds {count} rows; at most {MaxRows} per request.");
    var values = new float[count * features];
    int r = 0;
    foreach (JsonElement row in rows.EnumerateArray())
    {
        if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != features)
            throw new FormatException($"Row {r} must be an array of {features} numbers (the model's input {Format(inputShape)}), got {(row.ValueKind == JsonValueKind.Array ? $"{row.GetArrayLength()} values" : row.ValueKind.ToString().ToLowerInvariant())}.");
        int c = 0;
        foreach (JsonElement v in row.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetSingle(out float f) || !float.IsFinite(f))
                throw new FormatException($"Row {r}, value {c} is not a finite number: {v.GetRawText()}.");
            values[r * features + c++] = f;
        }
        r++;
    }
    return Tensor.FromArray(values, [count, .. inputShape]);
}

// A digit picture, prepared as MNIST was (28 × 28, ink on black, 0..1) for a model that takes 784 pixels.
Tensor Picture(byte[] encoded)
{
    if (features != MnistImage.Side * MnistImage.Side)
        throw new FormatException($"A picture is read as 28 × 28 pixels, but this model's input is {Format(inputShape)}.");
    float[] pixels = MnistImage.FromEncoded(encoded, "the uploaded picture");
    return Tensor.FromArray(pixels, [1, .. inputShape]) / 255f;
}

static string Format(int[] shape) => "(" + string.Join(", ", shape) + ")";
