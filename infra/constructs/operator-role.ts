/**
 * The operator role (`gongkai-{stage}-operator`): what the operator's commands need with one set of
 * credentials — the bulk path (putting workbooks straight under `uploads/`, e.g. a back-fill of earlier
 * years), the department registry and the upload log in the table, and creating sign-ins in the pool.
 * The queues of the pipeline stack grant it reprocessing and redrive in their own policies.
 */
import { Duration } from "aws-cdk-lib";
import type { IUserPool } from "aws-cdk-lib/aws-cognito";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import {
  AccountPrincipal,
  AccountRootPrincipal,
  ArnPrincipal,
  type IPrincipal,
  PolicyDocument,
  PolicyStatement,
  Role,
} from "aws-cdk-lib/aws-iam";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { OBJECT_PREFIX } from "../../functions/storage-layout";
import { operatorRoleName, uploadWriterRolePath } from "../config";
import { MAIN_RESOURCE } from "./main-resource";
import { acknowledgeObjectWildcard } from "./wildcard-acknowledgement";

export interface OperatorRoleProps {
  readonly stage: string;
  /** Who may assume it: `account`, a 12-digit account id, or an IAM role/user ARN. */
  readonly principal: string;
  readonly uploads: IBucket;
  readonly table: ITable;
  readonly userPool: IUserPool;
}

/** Exactly what `gongkai department add|sync|list`, `status` and `reprocess` call on the table. */
export const OPERATOR_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:Query",
  "dynamodb:Scan",
] as const;

/** What `gongkai department add` calls on the user pool. */
export const OPERATOR_POOL_ACTIONS = ["cognito-idp:AdminCreateUser", "cognito-idp:AdminGetUser"] as const;

export class OperatorRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: OperatorRoleProps) {
    super(scope, id);
    const uploaded = props.uploads.arnForObjects(`${OBJECT_PREFIX.uploads}*`);
    this.role = new Role(this, MAIN_RESOURCE, {
      roleName: operatorRoleName(props.stage),
      // The path the uploads bucket admits writers from.
      path: uploadWriterRolePath(props.stage),
      assumedBy: principalFor(props.principal),
      description: `gongkai ${props.stage}: the operator (bulk uploads, departments and sign-ins, reprocessing)`,
      maxSessionDuration: Duration.hours(4),
      inlinePolicies: {
        operate: new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: "BulkUploads",
              actions: ["s3:PutObject", "s3:AbortMultipartUpload"],
              resources: [uploaded],
            }),
            new PolicyStatement({
              sid: "Records",
              actions: [...OPERATOR_TABLE_ACTIONS],
              resources: [props.table.tableArn],
            }),
            new PolicyStatement({
              sid: "SignIns",
              actions: [...OPERATOR_POOL_ACTIONS],
              resources: [props.userPool.userPoolArn],
            }),
          ],
        }),
      },
    });
    acknowledgeObjectWildcard(
      this.role,
      uploaded,
      "Object-level wildcard under uploads/ only: the operator's bulk path puts workbooks of any department and " +
        "year (uploads/{department}/{year}/{file}, e.g. a back-fill of earlier years) with keys chosen at run " +
        "time. PutObject and AbortMultipartUpload only: no read, list or delete, and nothing outside uploads/.",
    );
  }
}

function principalFor(value: string): IPrincipal {
  if (value === "account") return new AccountRootPrincipal();
  if (/^\d{12}$/.test(value)) return new AccountPrincipal(value);
  return new ArnPrincipal(value);
}
