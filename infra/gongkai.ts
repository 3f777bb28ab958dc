/**
 * Builds the gongkai CDK app: the stateful stack, the pipeline stack, and the cdk-nag AwsSolutions checks
 * (which fail `cdk synth` on any unacknowledged error). Used by `infra/app.ts` and by the tests.
 */
import { type App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { type GongkaiSettings, settingsFromContext } from "./config";
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
    description: `gongkai ${stage}: buckets, table, SES identity, feed distribution, department uploader roles (retained)`,
  });
  const pipeline = new PipelineStack(app, pipelineStackName(stage), {
    ...(env ? { env } : {}),
    settings,
    tags,
    description: `gongkai ${stage}: S3 events → SQS → ingest Lambda, alarms`,
  });
  // The pipeline imports the stateful stack's exports: deploy (and update) the stateful stack first.
  pipeline.addStackDependency(stateful);

  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { settings, stateful, pipeline };
}
