/**
 * The DynamoDB table of reports, findings and the department registry (one pk/sk table, no indexes).
 * Retained, deletion-protected, with point-in-time recovery.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, BillingMode, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { TABLE_KEY } from "../../functions/storage-layout";
import { MAIN_RESOURCE } from "./main-resource";

/** The key attributes (to be taken from the shared storage layout once it exists). */
const KEY = { partition: TABLE_KEY.partitionKey, sort: TABLE_KEY.sortKey } as const;

/** The table the ingest function and the CLI read and write. */
export class ReportTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, MAIN_RESOURCE, {
      partitionKey: { name: KEY.partition, type: AttributeType.STRING },
      sortKey: { name: KEY.sort, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // The AWS-managed key (aws/dynamodb): encrypted at rest with key use visible in CloudTrail, no key
      // policy to maintain, and callers need no KMS permissions.
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
