/**
 * The SES identity gongkai sends from: a domain (Easy DKIM, the recommended form) or a single address, bound to
 * the configuration set so every mail from it uses that set by default.
 */
import { type ConfigurationSet, EmailIdentity, Identity } from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";
import { MAIN_RESOURCE } from "./main-resource";

export interface MailIdentityProps {
  /** A domain (`reports.example.gov.cn`) or an address (`gongkai@reports.example.gov.cn`). */
  readonly identity: string;
  readonly configurationSet: ConfigurationSet;
}

/** A DNS record to publish before SES verifies a domain identity. */
export interface DkimRecord {
  readonly name: string;
  readonly value: string;
}

/** The verified sender of the result mails. */
export class MailIdentity extends Construct {
  readonly emailIdentity: EmailIdentity;
  /** The three Easy DKIM CNAME records of a domain identity; none for an address. */
  readonly dkimRecords: readonly DkimRecord[];

  constructor(scope: Construct, id: string, props: MailIdentityProps) {
    super(scope, id);
    const isDomain = !props.identity.includes("@");
    this.emailIdentity = new EmailIdentity(this, MAIN_RESOURCE, {
      identity: isDomain ? Identity.domain(props.identity) : Identity.email(props.identity),
      configurationSet: props.configurationSet,
    });
    const identity = this.emailIdentity;
    this.dkimRecords = isDomain
      ? [
          { name: identity.dkimDnsTokenName1, value: identity.dkimDnsTokenValue1 },
          { name: identity.dkimDnsTokenName2, value: identity.dkimDnsTokenValue2 },
          { name: identity.dkimDnsTokenName3, value: identity.dkimDnsTokenValue3 },
        ]
      : [];
  }
}
