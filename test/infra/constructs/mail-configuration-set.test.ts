import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { MailConfigurationSet } from "../../../infra/constructs/mail-configuration-set";
import { bareStack } from "./bare-stack";

describe("MailConfigurationSet", () => {
  it("sends with reputation metrics, suppresses bounced and complaining addresses, and allows mail without TLS", () => {
    const stack = bareStack();
    new MailConfigurationSet(stack, "SesConfigurationSet");
    const sets = Object.values(Template.fromStack(stack).findResources("AWS::SES::ConfigurationSet"));
    expect(sets.map((set) => set.Properties)).toEqual([
      {
        ReputationOptions: { ReputationMetricsEnabled: true },
        SendingOptions: { SendingEnabled: true },
        SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
        DeliveryOptions: { TlsPolicy: "OPTIONAL" },
      },
    ]);
  });
});
