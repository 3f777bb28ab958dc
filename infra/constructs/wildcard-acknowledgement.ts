/**
 * Acknowledging cdk-nag's AwsSolutions-IAM5 (wildcard permission) for one object ARN pattern, named exactly
 * as cdk-nag names the finding.
 */
import { Stack, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/**
 * Acknowledges the IAM5 finding for `objects` (an object ARN such as `bucket.arnForObjects("uploads/*")`) on
 * `holder` (the role or policy granting it), with the reason a reviewer checks.
 */
export function acknowledgeObjectWildcard(holder: IConstruct, objects: string, reason: string): void {
  const resource = nagName(Stack.of(holder).resolve(objects));
  Validations.of(holder).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
}

/**
 * cdk-nag's flat form of a resolved CloudFormation value: `Fn::Join` joined, `Ref` as `<Id>`, `Fn::GetAtt` as
 * `<Id.Attribute>`, `Fn::ImportValue` as the export name.
 */
function nagName(value: unknown): string {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object") {
    const node = value as Record<string, unknown>;
    if ("Fn::Join" in node) {
      const [delimiter, parts] = node["Fn::Join"] as [string, unknown[]];
      return parts.map(nagName).join(delimiter);
    }
    if ("Ref" in node) return `<${nagName(node.Ref)}>`;
    if ("Fn::GetAtt" in node) {
      const [id, attribute] = node["Fn::GetAtt"] as [string, string];
      return `<${id}.${attribute}>`;
    }
    if ("Fn::ImportValue" in node) return nagName(node["Fn::ImportValue"]);
  }
  throw new Error(`no cdk-nag name for ${JSON.stringify(value)}`);
}
