/**
 * One department's uploader role (`gongkai-{stage}-upload-{id}`, path `/gongkai/{stage}/uploaders/`): it may
 * only put objects under `uploads/{id}/` of the uploads bucket, and whoever `principal` names may assume it
 * for an hour. Its ARN is handed out to the department, so its name must not change.
 */
import { Duration, Tags } from "aws-cdk-lib";
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
import { uploaderRoleName, uploaderRolePath } from "../config";
import { MAIN_RESOURCE } from "./main-resource";
import { acknowledgeObjectWildcard } from "./wildcard-acknowledgement";

/** Where departments upload (to be taken from the shared storage layout once it exists). */
const UPLOADS_PREFIX = OBJECT_PREFIX.uploads;

/** Tag on every uploader role naming its department. */
export const DEPARTMENT_TAG = "GongkaiDepartment";

export interface UploaderRoleProps {
  readonly stage: string;
  readonly departmentId: string;
  /** Who may assume the role: `account`, a 12-digit account id, or an IAM role/user ARN (see config.ts). */
  readonly principal: string;
  readonly uploads: IBucket;
}

/** The role a department assumes to upload its annual reports. */
export class UploaderRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: UploaderRoleProps) {
    super(scope, id);
    const { stage, departmentId } = props;
    const prefix = `${UPLOADS_PREFIX}${departmentId}/`;
    const objects = props.uploads.arnForObjects(`${prefix}*`);
    this.role = new Role(this, MAIN_RESOURCE, {
      roleName: uploaderRoleName(stage, departmentId),
      path: uploaderRolePath(stage),
      assumedBy: principalFor(props.principal),
      description: `gongkai ${stage}: uploads annual-report spreadsheets of department ${departmentId} to ${prefix}`,
      maxSessionDuration: Duration.hours(1),
      inlinePolicies: {
        upload: new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: "UploadUnderOwnPrefixOnly",
              // PutObject covers single and multipart uploads (aws s3 cp switches to multipart above 8 MB);
              // AbortMultipartUpload lets the CLI clean up a failed multipart upload.
              actions: ["s3:PutObject", "s3:AbortMultipartUpload"],
              resources: [objects],
            }),
          ],
        }),
      },
    });
    Tags.of(this.role).add(DEPARTMENT_TAG, departmentId);
    acknowledgeObjectWildcard(
      this.role,
      objects,
      `Object-level wildcard inside the department's own prefix: the role must create objects with keys it ` +
        `chooses (uploads/${departmentId}/{year}/{file}.xlsx) and nothing else; bucket-wide and other prefixes ` +
        "are not granted, and the bucket policy denies uploads/ to every principal but the uploader roles.",
    );
  }
}

function principalFor(value: string): IPrincipal {
  if (value === "account") return new AccountRootPrincipal();
  if (/^\d{12}$/.test(value)) return new AccountPrincipal(value);
  return new ArnPrincipal(value);
}
