namespace Kizuna.Core.Features.Exercises;

/// <summary>
/// One organisation an inject reached when the runner sent it: the audience resolved at that moment
/// (active participants only), so a participant removed later keeps what it received and one
/// registered later did not receive it. Players read their timeline from these rows; the evaluation
/// counts responses against them. Invariant: one row per inject and organisation.
/// </summary>
public sealed class InjectRecipient
{
    private InjectRecipient() { }

    public InjectRecipient(Guid exerciseId, Guid injectId, Guid organizationId, DateTimeOffset sentAt)
    {
        Id = Guid.CreateVersion7();
        ExerciseId = exerciseId;
        InjectId = injectId;
        OrganizationId = organizationId;
        SentAt = sentAt;
    }

    public Guid Id { get; private set; }
    public Guid ExerciseId { get; private set; }
    public Guid InjectId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
}
