/**
 * cdk-nag (AwsSolutions pack) over the whole app: no unacknowledged error or warning, and every
 * acknowledgement is specific, explained, and still needed (it suppresses a finding that would otherwise
 * be reported).
 */

import type { PolicyViolation } from "aws-cdk-lib";
import { Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { type Synthesized, synth, TEST_CONTEXT } from "./synth";

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

function acknowledgements(root: IConstruct): Acknowledgement[] {
  const found: Acknowledgement[] = [];
  const visit = (node: IConstruct) => {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: node.node.path, id: id.replace(/^annotation::/i, ""), reason });
      }
    }
    for (const child of node.node.children) visit(child);
  };
  visit(root);
  return found;
}

const describeViolations = (violations: PolicyViolation[]) =>
  violations.map(
    (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(", ")}`,
  );

let synthesized: Synthesized;
let acks: Acknowledgement[];

beforeAll(() => {
  // The app as the CLI builds it, nag plugin included: synth must not throw.
  synthesized = synth(TEST_CONTEXT, { nag: true });
  synthesized.app.synth();
  acks = acknowledgements(synthesized.app);
});

describe("cdk-nag AwsSolutions", () => {
  it("reports no unacknowledged error or warning", () => {
    const report = new AwsSolutionsChecks().validateScope(synthesized.app);
    expect(describeViolations(report.violations)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it("also passes for the defaults of cdk.json and for an address identity with a custom domain", () => {
    for (const context of [
      {},
      {
        ...TEST_CONTEXT,
        sesIdentity: TEST_CONTEXT.mailFrom,
        feedDomainName: "feed.example.gov.cn",
        feedCertificateArn:
          "arn:aws:acm:us-east-1:123456789012:certificate/0b3e9a38-0000-4000-8000-000000000000",
      },
    ]) {
      const other = synth(context);
      other.app.synth();
      const report = new AwsSolutionsChecks().validateScope(other.app);
      expect(describeViolations(report.violations), JSON.stringify(context)).toEqual([]);
    }
  });

  it("acknowledges only specific findings, each with a reason a reviewer can check", () => {
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      const where = `${ack.path} ${ack.id}`;
      expect(ack.id, where).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      // Wildcard acknowledgements name the exact resource, never a bare "*".
      expect(ack.id, where).not.toMatch(/\[Resource::\*\]|\[Action::[^\]]*\*\]/);
      expect(ack.reason.length, where).toBeGreaterThanOrEqual(120);
      expect(ack.reason, where).not.toMatch(/^(n\/a|none|not needed|not required|ok|todo)\b/i);
      // Acknowledged on a resource of ours, not on a stack or the app.
      expect(ack.path.split("/").length, where).toBeGreaterThanOrEqual(2);
    }
  });

  it("every acknowledgement still suppresses a finding (none is stale)", () => {
    const raw = new AwsSolutionsChecks();
    // Evaluate the rules as if nothing were acknowledged.
    (raw as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
    const violations = raw.validateScope(synthesized.app).violations;
    for (const ack of acks) {
      const hit = violations.some(
        (violation) =>
          violation.ruleName === ack.id &&
          violation.violatingResources.some(
            (resource) =>
              resource.constructPath === ack.path || resource.constructPath?.startsWith(`${ack.path}/`),
          ),
      );
      expect(hit, `${ack.path} ${ack.id}`).toBe(true);
    }
  });

  it("acknowledges exactly this set of rules", () => {
    const ids = [...new Set(acks.map((ack) => ack.id.replace(/\[.*$/, "")))].sort();
    expect(ids).toEqual([
      "AwsSolutions-CFR1",
      "AwsSolutions-CFR2",
      "AwsSolutions-CFR4",
      "AwsSolutions-COG2",
      "AwsSolutions-COG8",
      "AwsSolutions-IAM4",
      "AwsSolutions-IAM5",
      "AwsSolutions-L1",
    ]);
  });
});
