/**
 * What `gongkai import` needs on AWS beyond the season's grants: it runs the pipeline's use case with the
 * operator's credentials (a back-fill sends no mail and is not an upload, so it does not go through the
 * queue), and so keeps each imported file's original (`originals/{sha256}`) and, for a report it rejects,
 * the annotated copy (`annotated/…`, marked in the operator's process from the kept original). The
 * uploads bucket's deny admits the operator role for exactly those prefixes (pipeline-writers.ts). A
 * policy of its own on the operator role, like the season's.
 */
import { type IRole, Policy, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { OBJECT_PREFIX } from "../../functions/storage-layout";
import { acknowledgeObjectWildcard } from "./wildcard-acknowledgement";

export interface ImportOperatorGrantsProps {
  readonly role: IRole;
  readonly uploads: IBucket;
}

export class ImportOperatorGrants extends Construct {
  readonly policy: Policy;

  constructor(scope: Construct, id: string, props: ImportOperatorGrantsProps) {
    super(scope, id);
    const originals = props.uploads.arnForObjects(`${OBJECT_PREFIX.originals}*`);
    const annotated = props.uploads.arnForObjects(`${OBJECT_PREFIX.annotated}*`);
    this.policy = new Policy(this, "Default", {
      roles: [props.role],
      statements: [
        // Read back: the annotation marks the kept original, and the copy is read to be attached.
        new PolicyStatement({
          sid: "ImportOriginals",
          actions: ["s3:PutObject", "s3:GetObject"],
          resources: [originals],
        }),
        new PolicyStatement({
          sid: "ImportAnnotatedCopies",
          actions: ["s3:PutObject", "s3:GetObject"],
          resources: [annotated],
        }),
      ],
    });
    acknowledgeObjectWildcard(
      this.policy,
      originals,
      "Object-level wildcard under originals/ only: `gongkai import` keeps each imported file content-addressed " +
        "(originals/{sha256}), keys known only at run time. PutObject and GetObject: no list or delete.",
    );
    acknowledgeObjectWildcard(
      this.policy,
      annotated,
      "Object-level wildcard under annotated/ only: a rejected import's copy is kept at " +
        "annotated/{department}/{year}/{order}.xlsx, keys known only at run time. PutObject and GetObject: no list or delete.",
    );
  }
}
