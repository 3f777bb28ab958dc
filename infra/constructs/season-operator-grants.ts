/**
 * What the operator's season commands need beyond the registry (`gongkai season`, `remind`, `explain`,
 * `withdraw`, `region`, `department add --parent`): they read the roster index, count and list as the
 * pipeline does (batch reads, a split's abandoned page deleted), write the feed (and remove a withdrawn
 * report's document), and send reminders through SES. A policy of its own on the operator role, so the
 * role's construct keeps its own statements as they were.
 */
import { Stack } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { type IRole, Policy, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IConfigurationSet, IEmailIdentity } from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";
import { OBJECT_PREFIX, ROSTER_INDEX } from "../../functions/storage-layout";
import { acknowledgeObjectWildcard } from "./wildcard-acknowledgement";

/** The table calls the season's commands add to the operator's. */
export const SEASON_OPERATOR_TABLE_ACTIONS = ["dynamodb:BatchGetItem", "dynamodb:DeleteItem"] as const;

export interface SeasonOperatorGrantsProps {
  readonly role: IRole;
  readonly table: ITable;
  readonly feed: IBucket;
  readonly mail: { readonly identity: IEmailIdentity; readonly configurationSet: IConfigurationSet };
}

export class SeasonOperatorGrants extends Construct {
  readonly policy: Policy;

  constructor(scope: Construct, id: string, props: SeasonOperatorGrantsProps) {
    super(scope, id);
    const { table, feed, mail } = props;
    const documents = feed.arnForObjects(`${OBJECT_PREFIX.feed}*`);
    const reports = feed.arnForObjects(`${OBJECT_PREFIX.feed}reports/*`);
    const configurationSetArn = Stack.of(this).formatArn({
      service: "ses",
      resource: "configuration-set",
      resourceName: mail.configurationSet.configurationSetName,
    });
    this.policy = new Policy(this, "Default", {
      roles: [props.role],
      statements: [
        new PolicyStatement({
          sid: "Counting",
          actions: [...SEASON_OPERATOR_TABLE_ACTIONS],
          resources: [table.tableArn],
        }),
        new PolicyStatement({
          sid: "Roster",
          actions: ["dynamodb:Query"],
          resources: [`${table.tableArn}/index/${ROSTER_INDEX.name}`],
        }),
        new PolicyStatement({ sid: "Feed", actions: ["s3:PutObject"], resources: [documents] }),
        new PolicyStatement({ sid: "Withdrawals", actions: ["s3:DeleteObject"], resources: [reports] }),
        new PolicyStatement({
          sid: "Reminders",
          actions: ["ses:SendEmail"],
          resources: [mail.identity.emailIdentityArn, configurationSetArn],
        }),
      ],
    });
    acknowledgeObjectWildcard(
      this.policy,
      documents,
      "Object-level wildcard under the feed's v1/ prefix only: a withdrawal or an explanation rewrites the " +
        "documents of its report, year and regions, whose keys depend on the data. PutObject only.",
    );
    acknowledgeObjectWildcard(
      this.policy,
      reports,
      "Object-level wildcard under the feed's v1/reports/ prefix only: `gongkai withdraw` removes the withdrawn " +
        "report's document (v1/reports/{year}/{department}.json). DeleteObject only: no read, no list.",
    );
  }
}
