using Kizuna.Core.Features.Exercises;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Hosting;

public static class ExerciseServices
{
    /// <summary>Registers exercises (分野横断的演習): options validated at start-up, authoring and run handlers, queries, the inject executor and the runner.</summary>
    public static IServiceCollection AddKizunaExercises(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExerciseOptions>().Bind(configuration.GetSection(ExerciseOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExerciseOptions>>(new ExerciseOptionsValidator());
        services.AddScoped<ExerciseAccess>();
        services.AddScoped<AuthorExerciseHandler>();
        services.AddScoped<RunExerciseHandler>();
        services.AddScoped<ExerciseQueries>();
        services.AddScoped<ScenarioExport>();
        services.AddScoped<SeedDemoExercisesHandler>();
        services.AddScoped<InjectExecutor>();
        services.AddSingleton<ExerciseWake>();
        services.AddSingleton<ExerciseRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ExerciseRunner>());
        return services;
    }

    private sealed class ExerciseOptionsValidator : IValidateOptions<ExerciseOptions>
    {
        public ValidateOptionsResult Validate(string? name, ExerciseOptions options)
        {
            var found = options.Problems();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
