import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { DeskUserPool } from "../../../infra/constructs/desk-user-pool";
import { bareStack, nagFindings, rules } from "./bare-stack";

function build() {
  const stack = bareStack();
  const pool = new DeskUserPool(stack, "DeskUserPool", { stage: "test" });
  const template = Template.fromStack(stack);
  const id = stack.getLogicalId(pool.userPool.node.defaultChild as CfnElement);
  return { pool, template, props: template.toJSON().Resources[id].Properties };
}

describe("DeskUserPool", () => {
  it("has no self sign-up, signs in by email and fixes custom:department at creation", () => {
    const { props } = build();
    expect(props.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    expect(props.AdminCreateUserConfig.InviteMessageTemplate.EmailMessage).toContain("{####}");
    expect(props.UsernameAttributes).toEqual(["email"]);
    expect(props.Schema).toContainEqual(expect.objectContaining({ Name: "department", Mutable: false }));
    expect(props.UserPoolName).toBe("gongkai-test-desk");
  });

  it("acknowledges the MFA and Plus-tier findings with their reasons, and has no other", () => {
    const { pool } = build();
    expect(nagFindings(pool)).toEqual([]);
    expect(rules(nagFindings(pool, { ignoreAcknowledgements: true }))).toEqual([
      "AwsSolutions-COG2",
      "AwsSolutions-COG8",
    ]);
  });
});
