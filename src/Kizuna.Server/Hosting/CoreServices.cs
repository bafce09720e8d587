using Kizuna.Core.Data;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Liaison.Anonymization;
using Kizuna.Core.Features.Notices;
using Kizuna.Server.Features.Delivery;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Hosting;

public static class CoreServices
{
    /// <summary>Registers the database, the clock and every use-case handler.</summary>
    public static IServiceCollection AddKizunaCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Database:DataDirectory must not be empty.")
            .ValidateOnStart();
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.Section))
            .Validate(o => o.MaxRequestBodyBytes is >= 1024 and <= 1024L * 1024 * 1024, "Server:MaxRequestBodyBytes must be between 1 KiB and 1 GiB.")
            .Validate(o => o.LockoutAttempts is >= 1 and <= 100, "Server:LockoutAttempts must be between 1 and 100.")
            .ValidateOnStart();
        services.AddDbContext<KizunaDb>((sp, o) =>
        {
            KizunaDbSetup.Configure(o, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value);
            o.AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>(), sp.GetRequiredService<Kizuna.Core.Features.Analytics.Correlation.CorrelationIndexInterceptor>());
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AuditTrail>();
        services.AddScoped<ReferenceDataLoader>();
        services.AddScoped<SeedDemoCommunityHandler>();
        services.AddScoped<AddUserHandler>();
        services.AddScoped<CreateApiTokenHandler>();
        services.AddScoped<RevokeApiTokenHandler>();
        services.AddScoped<ViewerFactory>();
        services.AddScoped<SearchOrganizationsHandler>();
        services.AddScoped<GetOrganizationHandler>();
        services.AddScoped<UpdateOrganizationHandler>();
        services.AddScoped<ReferenceDataQueries>();
        services.AddScoped<EditReferenceDataHandler>();
        services.AddScoped<ServiceDependencyQueries>();
        services.AddScoped<EditServiceDependenciesHandler>();
        services.AddScoped<PostNoticeHandler>();
        services.AddScoped<NoticeQueries>();
        services.AddScoped<AuditQueries>();
        services.AddOptions<LiaisonOptions>().Bind(configuration.GetSection(LiaisonOptions.Section))
            .Validate(o => o.K is >= 1 and <= 1000, "Liaison:K must be between 1 and 1000.")
            .Validate(o => o.StatisticsThreshold is >= 1 and <= 1000, "Liaison:StatisticsThreshold must be between 1 and 1000.")
            .Validate(o => o.MaxAttachmentBytes is >= 1024 and <= 100L * 1024 * 1024, "Liaison:MaxAttachmentBytes must be between 1 KiB and 100 MiB.")
            .ValidateOnStart();
        services.AddSingleton<IdentityVault>();
        services.AddSingleton<SourceSanitizer>();
        services.AddSingleton<DirectorySnapshotCache>();
        services.AddScoped<LiaisonDirectory>();
        services.AddScoped<ReportValidator>();
        services.AddScoped<ReportAccess>();
        services.AddScoped<ReportRouter>();
        services.AddScoped<Deadlines>();
        services.AddScoped<SaveReportDraftHandler>();
        services.AddScoped<SubmitReportHandler>();
        services.AddScoped<MoveReportHandler>();
        services.AddScoped<PostReportMessageHandler>();
        services.AddScoped<AttachToReportHandler>();
        services.AddScoped<ReadReporterIdentityHandler>();
        services.AddScoped<ReportQueries>();
        services.AddScoped<LiaisonStatisticsHandler>();
        services.AddKizunaDelivery(configuration);
        services.AddKizunaProvision();
        services.AddKizunaHotline(configuration);
        services.AddKizunaCrisis(configuration);
        services.AddKizunaExerciseEvaluation();
        services.AddKizunaDrills(configuration);
        services.AddKizunaExercises(configuration);
        services.AddKizunaInterop(configuration);
        services.AddKizunaAutomation(configuration);
        services.AddKizunaMisp(configuration);
        services.AddKizunaFederation(configuration);
        services.AddKizunaTrends(configuration);
        services.AddKizunaIntel(configuration);
        services.AddKizunaCorrelation(configuration);
        return services;
    }
}
