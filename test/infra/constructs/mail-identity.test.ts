import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { ConfigurationSet } from "aws-cdk-lib/aws-ses";
import { describe, expect, it } from "vitest";
import { MailIdentity } from "../../../infra/constructs/mail-identity";
import { flat } from "../synth";
import { bareStack } from "./bare-stack";

function build(identity: string) {
  const stack = bareStack();
  const configurationSet = new ConfigurationSet(stack, "Set");
  const mail = new MailIdentity(stack, "SesIdentity", { identity, configurationSet });
  const id = stack.getLogicalId(mail.emailIdentity.node.defaultChild as CfnElement);
  const set = stack.getLogicalId(configurationSet.node.defaultChild as CfnElement);
  return { stack, mail, id, set, template: Template.fromStack(stack) };
}

describe("MailIdentity", () => {
  it("creates a domain identity sending with the configuration set, with Easy DKIM's three CNAME records", () => {
    const { stack, mail, id, set, template } = build("reports.example.gov.cn");
    expect(template.toJSON().Resources[id].Properties).toEqual({
      EmailIdentity: "reports.example.gov.cn",
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: set } },
    });
    expect(
      mail.dkimRecords.map(({ name, value }) => [flat(stack.resolve(name)), flat(stack.resolve(value))]),
    ).toEqual([1, 2, 3].map((n) => [`{${id}.DkimDNSTokenName${n}}`, `{${id}.DkimDNSTokenValue${n}}`]));
  });

  it("creates an address identity, which has no DKIM records to publish", () => {
    const { mail, id, set, template } = build("gongkai@reports.example.gov.cn");
    expect(template.toJSON().Resources[id].Properties).toEqual({
      EmailIdentity: "gongkai@reports.example.gov.cn",
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: set } },
    });
    expect(mail.dkimRecords).toEqual([]);
  });
});
