/**
 * The table's roster index: departments (under `MEMBERS`) and each year's season records (under
 * `ROSTER#{year}`), sorted by `{place}{id}`, so that "every department of year Y, or of region R however
 * deep, with its status" is a paged query, never a scan. It carries only what the roster shows
 * (ROSTER_INDEX.attributes), so writes that change nothing shown (a count's token) never reach it.
 * A global index can be added to the deployed table at any time (a local one could not).
 */
import { AttributeType, ProjectionType, type Table } from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { ROSTER_INDEX } from "../../functions/storage-layout";

export interface RosterIndexProps {
  readonly table: Table;
}

export class RosterIndex extends Construct {
  /** The index's name, as the adapters query it. */
  readonly indexName = ROSTER_INDEX.name;

  constructor(scope: Construct, id: string, props: RosterIndexProps) {
    super(scope, id);
    props.table.addGlobalSecondaryIndex({
      indexName: ROSTER_INDEX.name,
      partitionKey: { name: ROSTER_INDEX.partitionKey, type: AttributeType.STRING },
      sortKey: { name: ROSTER_INDEX.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: [...ROSTER_INDEX.attributes],
    });
  }
}
