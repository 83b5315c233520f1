using System.ComponentModel.DataAnnotations;

namespace Sophia.ClientApi.Ops;

/// <summary>
/// What each chat model costs (<c>Sophia:Ops:ModelPrices</c>, a list: <c>Model</c>, <c>InputUsdPerMillionTokens</c>,
/// <c>OutputUsdPerMillionTokens</c>), for the model cost per user operators see; a model without a price shows tokens only.
/// A list rather than a map, since model names may hold ':' (e.g. <c>llama3:8b</c>), which configuration keys cannot.
/// </summary>
public sealed class ModelPriceOptions : IValidatableObject
{
    public const string Section = "Sophia:Ops";

    public List<ModelPrice> ModelPrices { get; set; } = [];

    /// <summary>The turn's cost in US cents, or null when the model has no price.</summary>
    public decimal? CostCents(string model, long inputTokens, long outputTokens) =>
        ModelPrices.FirstOrDefault(p => string.Equals(p.Model, model, StringComparison.OrdinalIgnoreCase)) is { } price
            ? Math.Round(((inputTokens * price.InputUsdPerMillionTokens) + (outputTokens * price.OutputUsdPerMillionTokens)) / 10_000m, 4)
            : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < ModelPrices.Count; i++)
        {
            var price = ModelPrices[i];
            if (string.IsNullOrWhiteSpace(price.Model))
            {
                yield return new ValidationResult($"Sophia:Ops:ModelPrices:{i}:Model is missing: name the model as Sophia:Llm:Model or an agent names it.");
            }
            else if (ModelPrices.Take(i).Any(p => string.Equals(p.Model, price.Model, StringComparison.OrdinalIgnoreCase)))
            {
                yield return new ValidationResult($"Sophia:Ops:ModelPrices names '{price.Model}' twice: keep one price per model.");
            }

            if (price.InputUsdPerMillionTokens is < 0 or > ModelPrice.Max || price.OutputUsdPerMillionTokens is < 0 or > ModelPrice.Max)
            {
                yield return new ValidationResult(
                    $"Sophia:Ops:ModelPrices:{i} ('{price.Model}'): InputUsdPerMillionTokens and OutputUsdPerMillionTokens are US dollars per million tokens, from 0 to {ModelPrice.Max}.");
            }
        }
    }
}

/// <summary>One model's price in US dollars per million input (prompt) and output (completion) tokens.</summary>
public sealed class ModelPrice
{
    public const int Max = 10_000;

    public string Model { get; set; } = "";

    public decimal InputUsdPerMillionTokens { get; set; }

    public decimal OutputUsdPerMillionTokens { get; set; }
}
