/**
 * Builds the gongkai CDK app: the stateful stack, the pipeline stack, and the cdk-nag AwsSolutions checks
 * (which fail `cdk synth` on any unacknowledged error). Used by `infra/app.ts` and by the tests.
 */
import { Annotations, type App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { type GongkaiSettings, ignoredDepartments, settingsFromContext } from "./config";
import { pipelineStackName, statefulStackName } from "./outputs";
import { PipelineStack } from "./pipeline-stack";
import { StatefulStack } from "./stateful-stack";

export interface BuildOptions {
  /** Register the cdk-nag AwsSolutions pack as a synth-time validation plugin (default true). */
  nag?: boolean;
}

export interface GongkaiApp {
  settings: GongkaiSettings;
  stateful: StatefulStack;
  pipeline: PipelineStack;
}

export function buildGongkai(app: App, options: BuildOptions = {}): GongkaiApp {
  const settings = settingsFromContext(app);
  const { stage } = settings;
  // Environment-agnostic unless account/region are given in context: synth needs no credentials and
  // does no lookups; `cdk deploy` then targets the CLI's account and region.
  const env =
    settings.account || settings.region
      ? {
          ...(settings.account ? { account: settings.account } : {}),
          ...(settings.region ? { region: settings.region } : {}),
        }
      : undefined;
  const tags = { project: "gongkai", stage };

  const stateful = new StatefulStack(app, statefulStackName(stage), {
    ...(env ? { env } : {}),
    settings,
    tags,
    terminationProtection: true,
    description: `gongkai ${stage}: buckets, table, SES identity, feed distribution, clerks' user pool, operator role (retained)`,
  });
  const pipeline = new PipelineStack(app, pipelineStackName(stage), {
    ...(env ? { env } : {}),
    settings,
    tags,
    description: `gongkai ${stage}: S3 events → SQS → ingest Lambda, the desk API, alarms`,
  });
  // The pipeline imports the stateful stack's exports: deploy (and update) the stateful stack first.
  pipeline.addStackDependency(stateful);
  const ignored = ignoredDepartments(app.node.tryGetContext("departments"));
  if (ignored > 0) {
    Annotations.of(stateful).addWarningV2(
      "gongkai:departments-context",
      `context "departments" (${ignored} entries) is ignored: departments are data now. Put them in a file ` +
        "and run `gongkai department sync --file <file>` (README: registering departments).",
    );
  }

  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { settings, stateful, pipeline };
}
