/**
 * The SES configuration set every result mail is sent with: reputation metrics, account-level suppression of
 * bounces and complaints, and opportunistic TLS.
 */
import { ConfigurationSet, ConfigurationSetTlsPolicy, SuppressionReasons } from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";
import { MAIN_RESOURCE } from "./main-resource";

/** How gongkai's mails are sent (GONGKAI_SES_CONFIGURATION_SET). */
export class MailConfigurationSet extends Construct {
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, MAIN_RESOURCE, {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      // Government mail servers without STARTTLS must still receive the result mails.
      tlsPolicy: ConfigurationSetTlsPolicy.OPTIONAL,
    });
  }
}
