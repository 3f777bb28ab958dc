/**
 * The id a construct of ours gives its main resource (the bucket of `UploadsBucket`, the queue of
 * `IngestQueue`, …).
 *
 * CDK leaves an id of `Default` out of logical ids and generated names, so a resource that moved from the
 * stack into one of these constructs keeps the logical id it was deployed under. CloudFormation knows a live
 * resource only by that id: a new one would replace it — a new, empty bucket or table, a new distribution
 * domain, or a failed deploy for the named uploader roles and the SES identity. `node.defaultChild` finds it
 * too, so `Validations.of(construct)` and escape hatches reach the resource.
 */
export const MAIN_RESOURCE = "Default";
