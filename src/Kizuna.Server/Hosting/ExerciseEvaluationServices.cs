using Kizuna.Core.Features.Exercises.Evaluation;

namespace Kizuna.Server.Hosting;

public static class ExerciseEvaluationServices
{
    /// <summary>Registers the exercise evaluation (演習の評価): the access rule, the evaluator, the after-action report and the participation statistics.</summary>
    public static IServiceCollection AddKizunaExerciseEvaluation(this IServiceCollection services)
    {
        services.AddScoped<ExerciseEvaluationAccess>();
        services.AddScoped<ExerciseEvaluator>();
        services.AddScoped<AfterActionReportHandler>();
        services.AddScoped<ExerciseParticipationStatistics>();
        return services;
    }
}
