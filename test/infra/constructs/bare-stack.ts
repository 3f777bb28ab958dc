/**
 * Helpers of the construct tests: a bare stack to build one construct in (with cdk.json's feature flags, as
 * the app has them), and cdk-nag run over it.
 */
import { App, Stack } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { CDK_JSON } from "../synth";

/**
 * An empty stack in an app with the context of cdk.json (feature flags included) and no asset bundling: the
 * templates do not depend on the bundle, which cdk-synth.test.ts covers.
 */
export function bareStack(id = "Test"): Stack {
  const app = new App({ context: { ...CDK_JSON.context, "aws:cdk:bundling-stacks": [] } });
  return new Stack(app, id);
}

/** A cdk-nag AwsSolutions finding: the rule (with its resource, for IAM findings) and the construct path. */
export interface NagFinding {
  rule: string;
  path: string;
}

/**
 * The AwsSolutions findings on `construct` and below; with `ignoreAcknowledgements`, also those our
 * acknowledgements suppress (to show an acknowledgement is not stale).
 */
export function nagFindings(construct: IConstruct, options: { ignoreAcknowledgements?: boolean } = {}) {
  const checks = new AwsSolutionsChecks();
  if (options.ignoreAcknowledgements) {
    (checks as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  }
  const findings: NagFinding[] = [];
  for (const violation of checks.validateScope(construct.node.root).violations) {
    for (const resource of violation.violatingResources) {
      const path = resource.constructPath ?? "";
      if (path === construct.node.path || path.startsWith(`${construct.node.path}/`)) {
        findings.push({ rule: violation.ruleName, path });
      }
    }
  }
  return findings;
}

/** The rule ids of `findings`, sorted and without duplicates. */
export const rules = (findings: readonly NagFinding[]): string[] =>
  [...new Set(findings.map((finding) => finding.rule))].sort();
